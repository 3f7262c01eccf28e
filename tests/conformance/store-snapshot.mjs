// A snapshot of every entity in the fleet's tables (those whose name starts with the fleet's
// Storage__TablePrefix), read straight from the test's own Azurite over its REST API.
//
// Why: "a failed call writes nothing" is checked by comparing snapshots taken before and after
// the call. That is stronger than "usage total unchanged and no revocation record" (it also
// catches a stray nonce, index or any other row, inserted, updated or deleted), knows nothing
// of the service's storage layout, and costs milliseconds instead of two tokenctl processes.
// Positive checks (the record's fields, the usage total) still go through tokenctl.

import crypto from 'node:crypto';

const API_VERSION = '2019-02-02';

/** Parses the connection string the fleet gives the service. */
export function parseConnectionString(text) {
  const parts = Object.fromEntries(text.split(';').filter(Boolean).map((part) => {
    const at = part.indexOf('=');
    return [part.slice(0, at), part.slice(at + 1)];
  }));
  return { account: parts.AccountName, key: parts.AccountKey, endpoint: parts.TableEndpoint.replace(/\/$/, '') };
}

/** GET on the table service with SharedKeyLite (Azurite path-style: /<account>/<resource>). */
async function get(store, resource, query = '') {
  const date = new Date().toUTCString();
  const url = new URL(store.endpoint);
  const path = `${url.pathname}/${resource}`;
  const stringToSign = `${date}\n/${store.account}${path}`;
  const signature = crypto.createHmac('sha256', Buffer.from(store.key, 'base64')).update(stringToSign, 'utf8').digest('base64');
  const response = await fetch(`${url.origin}${path}${query}`, {
    headers: {
      'x-ms-date': date,
      'x-ms-version': API_VERSION,
      accept: 'application/json;odata=minimalmetadata',
      authorization: `SharedKeyLite ${store.account}:${signature}`,
    },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`Azurite GET ${resource} answered ${response.status}: ${text}`);
  return { body: JSON.parse(text), headers: response.headers };
}

async function tableNames(store, prefix) {
  const { body } = await get(store, 'Tables');
  return body.value.map((t) => t.TableName).filter((name) => name.toLowerCase().startsWith(prefix.toLowerCase())).sort();
}

/** Every entity of the table: Map of "PartitionKey|RowKey" to its ETag. */
async function entities(store, table, into) {
  let continuation = '';
  do {
    const { body, headers } = await get(store, `${table}()`, continuation);
    for (const entity of body.value) {
      into.set(`${table} | ${entity.PartitionKey} | ${entity.RowKey}`, entity['odata.etag'] ?? entity.Timestamp);
    }
    const pk = headers.get('x-ms-continuation-nextpartitionkey');
    const rk = headers.get('x-ms-continuation-nextrowkey');
    continuation = pk ? `?NextPartitionKey=${encodeURIComponent(pk)}${rk ? `&NextRowKey=${encodeURIComponent(rk)}` : ''}` : '';
  } while (continuation);
}

/** All entities of the prefixed tables: Map of "Table | PartitionKey | RowKey" to ETag. */
export async function snapshot(store, prefix) {
  const all = new Map();
  for (const table of await tableNames(store, prefix)) {
    await entities(store, table, all);
  }
  return all;
}

/** Every entity of one table (full name), with its properties. */
export async function tableRows(store, table) {
  const rows = [];
  let continuation = '';
  do {
    const { body, headers } = await get(store, `${table}()`, continuation);
    rows.push(...body.value);
    const pk = headers.get('x-ms-continuation-nextpartitionkey');
    const rk = headers.get('x-ms-continuation-nextrowkey');
    continuation = pk ? `?NextPartitionKey=${encodeURIComponent(pk)}${rk ? `&NextRowKey=${encodeURIComponent(rk)}` : ''}` : '';
  } while (continuation);
  return rows;
}

/** What changed between two snapshots, as readable lines (empty when nothing did). */
export function differences(before, after) {
  const lines = [];
  for (const [key, etag] of after) {
    if (!before.has(key)) lines.push(`+ ${key}`);
    else if (before.get(key) !== etag) lines.push(`~ ${key}`);
  }
  for (const key of before.keys()) {
    if (!after.has(key)) lines.push(`- ${key}`);
  }
  return lines;
}
