// A hand-written signer for signature version 1.0 (HMAC-SHA1, docs/contract.md §3.2), for requests the
// real clients cannot make or whose raw answer they cannot show (XML bodies, response headers
// on errors). Written from the specification, and checked against pop-core's output in
// v3-vectors.mjs; the conformance tests prefer the real clients wherever they can.

import crypto from 'node:crypto';

/** RFC 3986 unreserved characters stay; everything else is %XY (upper-case hex) of its UTF-8 bytes. */
export function percentEncode(value) {
  return encodeURIComponent(String(value)).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Sorted (by code unit) name=value pairs, both encoded, joined with &. */
export function canonicalQuery(parameters) {
  return Object.keys(parameters)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(parameters[name])}`)
    .join('&');
}

export function stringToSign(method, parameters) {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(parameters))}`;
}

export function sign(secret, text) {
  return crypto.createHmac('sha1', `${secret}&`).update(text, 'utf8').digest('base64');
}

/**
 * The common parameters of a V1 call plus `parameters`; a value in `parameters` overrides a
 * default (to send a chosen Timestamp, nonce or Format). Returns the signed parameter map.
 */
export function signedParameters({ method = 'POST', action, version = '2020-04-20', credentials, parameters = {} }) {
  const all = {
    Action: action,
    Version: version,
    Format: 'JSON',
    AccessKeyId: credentials.AccessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: crypto.randomUUID(),
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...(credentials.SecurityToken ? { SecurityToken: credentials.SecurityToken } : {}),
    ...parameters,
  };
  return { ...all, Signature: sign(credentials.AccessKeySecret, stringToSign(method, all)) };
}

/** Encodes a parameter map as a query string or form body. */
export function formEncode(parameters) {
  return Object.entries(parameters).map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
}

/**
 * Signs and sends a V1 call with fetch: parameters in a form body (POST) or the query (GET).
 * Resolves { status, headers (a plain object, lower-case names), text }.
 */
export async function sendV1(endpoint, options) {
  const method = options.method ?? 'POST';
  const signed = signedParameters({ ...options, method });
  const encoded = formEncode(signed);
  const init = method === 'GET'
    ? { method }
    : { method, body: encoded, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  const url = method === 'GET' ? `${endpoint.url}/?${encoded}` : `${endpoint.url}/`;
  const response = await fetch(url, init);
  return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() };
}
