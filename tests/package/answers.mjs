// Raw answers of the two hosts, made comparable: what may differ between two answers to the same
// call is only what identifies the answer (its RequestId, in the body and x-acs-request-id, and
// the HostId) and the Date header; everything else (status, every other header, every body byte)
// must be the same through the function app and through the standalone server.

import { percentEncode } from '../conformance/v1-signer.mjs';

/** { status, headers, text } from fetch. */
export async function raw(response) {
  return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() };
}

/** Status, headers without Date (x-acs-request-id masked) and the body with RequestId and HostId masked. */
export function comparable({ status, headers, text }) {
  const { date, ...rest } = headers;
  const requestId = headers['x-acs-request-id'];
  if (requestId !== undefined) rest['x-acs-request-id'] = '<RequestId>';
  let body = requestId ? text.split(requestId).join('<RequestId>') : text;
  body = body
    .replace(/("HostId":")[^"]*(")/, '$1<HostId>$2')
    .replace(/(<HostId>)[^<]*(<\/HostId>)/, '$1<HostId>$2');
  return { status, headers: rest, body };
}

/** A V1 request that is already signed (its parameters fixed), sent to an endpoint as GET (query) or POST (form body). */
export async function sendSigned(endpoint, signed, method = 'POST') {
  const encoded = Object.entries(signed).map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
  const response = method === 'GET'
    ? await fetch(`${endpoint.url}/?${encoded}`)
    : await fetch(`${endpoint.url}/`, { method, body: encoded, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  return raw(response);
}
