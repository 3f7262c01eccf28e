// Alibaba Cloud's Node clients, used unmodified, pointed at a service process. Each call helper
// answers one normalized shape: { status, body, headers, code } where code is body.Code
// (undefined on success).

import crypto from 'node:crypto';

import RPCClient from '@alicloud/pop-core';
import OpenApi from '@alicloud/openapi-client';
import OpenApiUtil from '@alicloud/openapi-util';
import TeaUtil from '@alicloud/tea-util';

export const API_VERSION = '2020-04-20';

const UPPER_UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

/** A random opaque token string, as a caller would revoke (RFC 7009: unknown tokens are fine). */
export function randomToken(prefix = 'tok') {
  return `${prefix}-${crypto.randomBytes(18).toString('base64url')}`;
}

export function isRequestId(value) {
  return typeof value === 'string' && UPPER_UUID.test(value);
}

/**
 * pop-core's RPCClient (signature V1, HMAC-SHA1), verbose so that the status and headers of a
 * success are visible. `credentials`: { AccessKeyId, AccessKeySecret, SecurityToken? } as tokenctl prints.
 */
export function popClient(endpoint, credentials, { apiVersion = API_VERSION } = {}) {
  const config = {
    endpoint: endpoint.url,
    apiVersion,
    accessKeyId: credentials.AccessKeyId,
    accessKeySecret: credentials.AccessKeySecret,
  };
  if (credentials.SecurityToken) config.securityToken = credentials.SecurityToken;
  return new RPCClient(config, true);
}

/** `client.request(action, params, { method })`, normalized. Non-JSON bodies (pop-core cannot parse XML) throw. */
export async function popCall(client, action, params, { method = 'POST', ...opts } = {}) {
  try {
    const [body, entry] = await client.request(action, params, { method, ...opts });
    return { status: entry.response.statusCode, body, headers: entry.response.headers, code: body.Code };
  } catch (error) {
    if (error.entry && error.data) {
      return { status: error.entry.response.statusCode, body: error.data, headers: error.entry.response.headers, code: error.data.Code };
    }
    throw error;
  }
}

/**
 * openapi-client's Client over plain http to the service. `signatureAlgorithm`: undefined for the
 * default ACS3-HMAC-SHA256 (V3), 'v2' for the RPC signature (V1, HMAC-SHA1).
 */
export function openApiClient(endpoint, credentials, { signatureAlgorithm, readTimeout } = {}) {
  const config = new OpenApi.Config({
    accessKeyId: credentials.AccessKeyId,
    accessKeySecret: credentials.AccessKeySecret,
    endpoint: endpoint.host,
    protocol: 'http',
  });
  if (readTimeout) config.readTimeout = readTimeout;
  if (credentials.SecurityToken) config.securityToken = credentials.SecurityToken;
  if (signatureAlgorithm) config.signatureAlgorithm = signatureAlgorithm;
  return new OpenApi.default(config);
}

/**
 * An RPC call the way the generated OnsMqtt SDKs make it: `callApi` with RPC-style Params and
 * the business parameters in the query (or, with `inBody`, in a form body). `headers` are
 * passed in the OpenApiRequest (the client lets them override its own x-acs-date/nonce).
 */
export async function openApiCall(client, action, parameters, {
  method = 'POST', version = API_VERSION, inBody = false, headers, bodyType = 'json',
} = {}) {
  const params = new OpenApi.Params({
    action, version, protocol: 'HTTP', pathname: '/', method,
    authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType,
  });
  const request = new OpenApi.OpenApiRequest(inBody
    ? { body: OpenApiUtil.default.parseToMap(parameters), headers }
    : { query: OpenApiUtil.default.query(parameters), headers });
  try {
    const response = await client.callApi(params, request, new TeaUtil.RuntimeOptions({}));
    const body = response.body;
    return { status: response.statusCode, body, headers: response.headers, code: body?.Code };
  } catch (error) {
    if (error.data && error.statusCode) {
      return { status: error.statusCode, body: stripStatus(error.data), headers: undefined, code: error.code };
    }
    throw error;
  }
}

/** openapi-client adds statusCode to the parsed error body; the wire body is the rest. */
function stripStatus(data) {
  const { statusCode, ...body } = data;
  return body;
}
