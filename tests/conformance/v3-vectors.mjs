// Prints fixed signature vectors computed by Alibaba Cloud's own Node code, for C# unit tests:
//   node tests/conformance/v3-vectors.mjs
//
// V3 (ACS3-HMAC-SHA256): @alicloud/openapi-util's getAuthorization, the function
//   @alicloud/openapi-client's doRequest calls, over requests shaped exactly as doRequest builds
//   them. openapi-util does not expose the canonical request; the one printed here is rebuilt
//   from the same inputs and shown to give the same signature, so it is what the library hashed.
// V1 (HMAC-SHA1): pop-core has no exported signer, so its request is captured on a loopback
//   server (pop-core accepts a chosen Timestamp and SignatureNonce as parameters; V1 does not
//   sign the host, so the vector does not depend on the port). Cross-checked with openapi-util's
//   getRPCSignature and with openapi-client's 'v2' path.
// Last: the wire requests openapi-client sends (V3 and 'v2'), captured the same way.
//
// Not a test file (no .test.mjs): it prints, and exits non-zero if a cross-check disagrees.

import crypto from 'node:crypto';
import http from 'node:http';

import RPCClient from '@alicloud/pop-core';
import OpenApi from '@alicloud/openapi-client';
import OpenApiUtilModule from '@alicloud/openapi-util';
import TeaUtil from '@alicloud/tea-util';

import { sign as v1Sign, stringToSign as v1StringToSign } from './v1-signer.mjs';

const OpenApiUtil = OpenApiUtilModule.default;
const ALGORITHM = 'ACS3-HMAC-SHA256';
let failures = 0;

const ACCESS_KEY_ID = 'LTAI5tExampleAccessKeyId';
const ACCESS_KEY_SECRET = 'ExampleSecret0123456789abcdefXY';
const DATE = '2026-01-15T08:30:00Z';
const NONCE = '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf';
const INSTANCE = 'mqtt-cn-0pp12gl0a01';
const TOKEN = 'LzMT+XLFl5s/YWJ/MlDz4t==';

function print(title, value) {
  console.log(`--- ${title}`);
  console.log(typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value, null, 2));
}

function check(what, actual, expected) {
  const ok = actual === expected;
  if (!ok) failures++;
  console.log(`CHECK ${ok ? 'ok  ' : 'FAIL'} ${what}${ok ? '' : `: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`}`);
}

const sha256Hex = (data) => crypto.createHash('sha256').update(data).digest('hex');

/** The canonical request as openapi-util 0.3.3 builds it (used only to show what was hashed). */
function canonicalRequest(request, hashedPayload) {
  const query = Object.keys(request.query).sort()
    .map((k) => `${k}=${OpenApiUtil.getEncodeParam(request.query[k])}`).join('&');
  const signed = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (lower.startsWith('x-acs-') || lower === 'host' || lower === 'content-type') signed[lower] = String(value).trim();
  }
  const names = Object.keys(signed).sort();
  return [
    request.method, request.pathname, query,
    names.map((n) => `${n}:${signed[n]}\n`).join(''),
    names.join(';'), hashedPayload,
  ].join('\n');
}

function v3Vector(title, { method = 'POST', query = {}, body, extraHeaders = {}, host = '127.0.0.1:7071', provider = 'static_ak' }) {
  const payload = body ?? '';
  const hashed = OpenApiUtil.hexEncode(OpenApiUtil.hash(Buffer.from(payload), ALGORITHM));
  const headers = {
    host,
    'x-acs-version': '2020-04-20',
    'x-acs-action': 'RevokeToken',
    'user-agent': 'AlibabaCloud (linux; x64) Node.js/v20.20.2 Core/1.0.1 TeaDSL/1',
    'x-acs-date': DATE,
    'x-acs-signature-nonce': NONCE,
    accept: 'application/json',
    ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    'x-acs-content-sha256': hashed,
    // Added by openapi-client from @alicloud/credentials' provider name, and signed like every x-acs-*.
    'x-acs-credentials-provider': provider,
    ...extraHeaders,
  };
  const request = { method, pathname: '/', query, headers };
  const authorization = OpenApiUtil.getAuthorization(request, ALGORITHM, hashed, ACCESS_KEY_ID, ACCESS_KEY_SECRET);
  const canonical = canonicalRequest(request, hashed);
  const stringToSign = `${ALGORITHM}\n${sha256Hex(canonical)}`;
  const signature = crypto.createHmac('sha256', ACCESS_KEY_SECRET).update(stringToSign).digest('hex');

  console.log(`\n=== V3 ${title}`);
  print('inputs: AccessKeyId, AccessKeySecret', { AccessKeyId: ACCESS_KEY_ID, AccessKeySecret: ACCESS_KEY_SECRET });
  print('inputs: method, query (decoded values), body', { method, query, body: body ?? '' });
  print('inputs: headers (user-agent and accept are sent but not signed)', headers);
  print('CanonicalRequest', canonical);
  print('StringToSign', stringToSign);
  print('Authorization (openapi-util getAuthorization)', authorization);
  check(`${title}: rebuilt canonical request gives the library's signature`, `Signature=${signature}`, authorization.slice(authorization.indexOf('Signature=')));
  return authorization;
}

// --- V3 vectors (deterministic) ------------------------------------------------------------

const queryVector = v3Vector('RevokeToken, parameters in the query, empty body (what the generated SDK sends)', {
  query: { InstanceId: INSTANCE, Token: TOKEN },
});
v3Vector('the same with STS (x-acs-accesskey-id and x-acs-security-token are signed)', {
  query: { InstanceId: INSTANCE, Token: TOKEN },
  provider: 'static_sts',
  extraHeaders: { 'x-acs-accesskey-id': 'STS.NTestTemporaryKey01', 'x-acs-security-token': 'v1.k1.ExampleSecurityToken+/=' },
});
v3Vector('parameters in a form body (content-type is signed, body hashed)', {
  body: OpenApiUtil.toForm({ InstanceId: INSTANCE, Token: TOKEN }),
});
v3Vector('query value with space, unicode and reserved characters', {
  query: { InstanceId: INSTANCE, Token: "a b*c~d'e(f)g!h/é" },
});

// --- V1: the specification's published vector ----------------------------------------------

console.log('\n=== V1 published vector, docs/contract.md §3.2 (openapi-util getRPCSignature)');
const specParams = {
  AccessKeyId: 'testid', Action: 'DescribeRegions', Format: 'XML', SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf', SignatureVersion: '1.0',
  TimeStamp: '2016-02-23T12:46:24Z', Version: '2014-05-26',
};
print('StringToSign', v1StringToSign('GET', specParams));
check('published vector', OpenApiUtil.getRPCSignature(specParams, 'GET', 'testsecret'), 'CT9X0VtwR86fNWSnsc6v8YGOjuE=');

// --- Wire captures --------------------------------------------------------------------------

/** A loopback server that records requests and answers a JSON success. */
async function captureServer() {
  const captured = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      captured.push({ method: req.method, url: req.url, headers: req.headers, rawHeaders: req.rawHeaders, body });
      const id = crypto.randomUUID().toUpperCase();
      res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': id });
      res.end(JSON.stringify({ RequestId: id }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: server.address().port, captured };
}

const { server, port, captured } = await captureServer();
try {
  // pop-core V1, POST (form body) and GET (query).
  for (const method of ['POST', 'GET']) {
    const client = new RPCClient({
      endpoint: `http://127.0.0.1:${port}`, apiVersion: '2020-04-20', accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET,
    });
    await client.request('RevokeToken', { InstanceId: INSTANCE, Token: TOKEN, Timestamp: DATE, SignatureNonce: NONCE }, { method });
    const request = captured.at(-1);
    const raw = method === 'POST' ? request.body : request.url.slice(2);
    const params = Object.fromEntries(new URLSearchParams(raw));
    const { Signature, ...signed } = params;
    console.log(`\n=== V1 pop-core 1.8.0 ${method} (captured)`);
    print('inputs: AccessKeySecret', ACCESS_KEY_SECRET);
    print(`wire: ${method === 'POST' ? 'form body' : 'query string'}`, raw);
    print('wire: content-type', request.headers['content-type'] ?? '(none)');
    print('parameters signed (decoded)', signed);
    print('StringToSign', v1StringToSign(method, signed));
    print('Signature', Signature);
    check(`pop-core ${method} = openapi-util getRPCSignature`, OpenApiUtil.getRPCSignature(signed, method, ACCESS_KEY_SECRET), Signature);
    check(`pop-core ${method} = v1-signer.mjs`, v1Sign(ACCESS_KEY_SECRET, v1StringToSign(method, signed)), Signature);
  }

  // openapi-client: V3 and 'v2', with the date and nonce fixed through the request (the client
  // merges request headers over its x-acs-date / x-acs-signature-nonce, and request query over
  // its Timestamp / SignatureNonce).
  for (const signatureAlgorithm of [undefined, 'v2']) {
    const client = new OpenApi.default(new OpenApi.Config({
      accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET, endpoint: `127.0.0.1:${port}`, protocol: 'http', signatureAlgorithm,
    }));
    const params = new OpenApi.Params({
      action: 'RevokeToken', version: '2020-04-20', protocol: 'HTTP', pathname: '/', method: 'POST',
      authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json',
    });
    const query = signatureAlgorithm === 'v2'
      ? { InstanceId: INSTANCE, Token: TOKEN, Timestamp: DATE, SignatureNonce: NONCE }
      : { InstanceId: INSTANCE, Token: TOKEN };
    const headers = signatureAlgorithm === 'v2' ? undefined : { 'x-acs-date': DATE, 'x-acs-signature-nonce': NONCE };
    await client.callApi(params, new OpenApi.OpenApiRequest({ query: OpenApiUtil.query(query), headers }), new TeaUtil.RuntimeOptions({}));
    const request = captured.at(-1);
    console.log(`\n=== openapi-client 0.4.15 ${signatureAlgorithm ?? 'default (V3)'} POST (captured; the port varies per run)`);
    print('wire: request line', `${request.method} ${request.url}`);
    print('wire: headers (raw names and order)', request.rawHeaders.reduce((acc, v, i, a) => (i % 2 ? acc : [...acc, `${v}: ${a[i + 1]}`]), []));
    print('wire: body', request.body);
    if (signatureAlgorithm === 'v2') {
      const { Signature, ...signed } = Object.fromEntries(new URLSearchParams(request.url.slice(2)));
      check("openapi-client 'v2' = openapi-util getRPCSignature", OpenApiUtil.getRPCSignature(signed, 'POST', ACCESS_KEY_SECRET), Signature);
    } else {
      const wireQuery = Object.fromEntries(new URLSearchParams(request.url.slice(2)));
      const again = OpenApiUtil.getAuthorization(
        { method: 'POST', pathname: '/', query: wireQuery, headers: request.headers }, ALGORITHM,
        request.headers['x-acs-content-sha256'], ACCESS_KEY_ID, ACCESS_KEY_SECRET);
      check('openapi-client V3 Authorization = getAuthorization over the received headers', request.headers.authorization, again);
      const signedHeaders = (authorization) => authorization.match(/SignedHeaders=([^,]+)/)[1];
      check('openapi-client V3 signs the same headers as the first V3 vector', signedHeaders(request.headers.authorization), signedHeaders(queryVector));
    }
  }
} finally {
  server.close();
}

console.log(failures === 0 ? '\nall cross-checks passed' : `\n${failures} cross-check(s) FAILED`);
process.exitCode = failures === 0 ? 0 : 1;
