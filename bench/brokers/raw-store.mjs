// The storage requests a CONNECT needs, sent straight to Azurite over its REST API (SharedKeyLite),
// for the benchmark's baseline: two upserts in parallel (token index, expiry entry), one point
// read (the revocation record), one upsert (the session). Directory reads are cached in the service.

import crypto from 'node:crypto';

const API_VERSION = '2019-02-02';

export function rawStore({ account, key, endpoint }) {
  const base = new URL(endpoint);

  async function send(method, resource, body) {
    const url = new URL(`${base.pathname}/${resource}`, base.origin);
    const date = new Date().toUTCString();
    const signature = crypto.createHmac('sha256', Buffer.from(key, 'base64'))
      .update(`${date}\n/${account}${url.pathname}`, 'utf8').digest('base64');
    const response = await fetch(url, {
      method,
      headers: {
        'x-ms-date': date, 'x-ms-version': API_VERSION, accept: 'application/json;odata=nometadata',
        authorization: `SharedKeyLite ${account}:${signature}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    await response.arrayBuffer();
    if (response.status >= 500 || (response.status >= 400 && response.status !== 404)) {
      throw new Error(`Azurite ${method} ${resource} answered ${response.status}`);
    }
  }

  const entity = (table, pk, rk) => `${table}(PartitionKey='${encodeURIComponent(pk)}',RowKey='${encodeURIComponent(rk)}')`;

  return {
    createTable: (table) => send('POST', 'Tables', { TableName: table }),
    upsert: (table, pk, rk, properties) => send('PUT', entity(table, pk, rk), properties),
    read: (table, pk, rk) => send('GET', entity(table, pk, rk)),
  };
}
