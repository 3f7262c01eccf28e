// Response formats. pop-core cannot read XML (it JSON.parses every body), so XML is exercised
// with openapi-client (whose V3 path parses an XML error when Content-Type is exactly
// "text/xml;charset=utf-8", and whose 'v2' path can return the raw body) and with plain fetch
// signed by v1-signer.mjs, which also shows the raw headers.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import TeaXml from '@alicloud/tea-xml';

import {
  assertApiError, isRequestId, openApiCall, openApiClient, randomToken, startFleet, UsageTracker,
} from './harness.mjs';
import { sendV1 } from './v1-signer.mjs';

const parseXml = (text) => TeaXml.default.parseXml(text, null);

describe('response formats', () => {
  let fleet;
  let usage;
  let instance;
  let key;

  before(async () => {
    fleet = await startFleet({ services: 1 });
    const tenant = await fleet.createTenant({ instances: 1 });
    [instance] = tenant.instances;
    [key] = tenant.keys;
    usage = new UsageTracker(fleet);
    usage.startAtZero(instance);
  });

  after(async () => {
    await fleet?.stop();
  });

  test('Format=XML answers a RevokeTokenResponse document that openapi-client reads', async () => {
    const token = randomToken();
    const client = openApiClient(fleet.endpoints[0], key, { signatureAlgorithm: 'v2' });
    const result = await openApiCall(client, 'RevokeToken', { InstanceId: instance, Token: token, Format: 'XML' }, { bodyType: 'string' });

    assert.equal(result.status, 200);
    assert.match(result.headers['content-type'], /^text\/xml/);
    const parsed = parseXml(result.body);
    assert.deepEqual(Object.keys(parsed), ['RevokeTokenResponse']);
    assert.ok(isRequestId(parsed.RevokeTokenResponse.RequestId));
    assert.equal(result.headers['x-acs-request-id'], parsed.RevokeTokenResponse.RequestId);
    assert.equal((await fleet.revocation(instance, token))?.RequestId, parsed.RevokeTokenResponse.RequestId);
    await usage.expectDelta(instance, 1);
  });

  test('an XML error through V3 is read by openapi-client as its error code', async () => {
    const client = openApiClient(fleet.endpoints[0], key);
    const result = await fleet.expectNoWrites(() => openApiCall(client, 'RevokeToken', { InstanceId: instance, Format: 'XML' }));

    assertApiError(result, 400, 'InvalidParameter.Token');
  });

  test('V3 with Format=XML in the query answers XML too', async () => {
    const token = randomToken();
    const client = openApiClient(fleet.endpoints[0], key);
    const result = await openApiCall(client, 'RevokeToken', { InstanceId: instance, Token: token, Format: 'XML' }, { bodyType: 'string' });

    assert.equal(result.status, 200, result.body);
    assert.match(result.headers['content-type'], /^text\/xml/);
    const { RequestId } = parseXml(result.body).RevokeTokenResponse;
    assert.equal(result.headers['x-acs-request-id'], RequestId);
    await usage.expectDelta(instance, 1);
  });

  test('Format is case-insensitive: format=xml in a form body answers XML with the request id header', async () => {
    const token = randomToken();
    const result = await sendV1(fleet.endpoints[0], {
      action: 'RevokeToken', credentials: key, parameters: { InstanceId: instance, Token: token, Format: 'xml' },
    });

    assert.equal(result.status, 200, result.text);
    assert.match(result.headers['content-type'], /^text\/xml/);
    assert.match(result.text, /<RevokeTokenResponse>\s*<RequestId>[0-9A-F-]{36}<\/RequestId>\s*<\/RevokeTokenResponse>/);
    const { RequestId } = parseXml(result.text).RevokeTokenResponse;
    assert.equal(result.headers['x-acs-request-id'], RequestId);
    assert.ok(await fleet.revocation(instance, token));
    await usage.expectDelta(instance, 1);
  });

  test('an XML error carries RequestId, HostId, Code, Message and Recommend under <Error>', async () => {
    const result = await fleet.expectNoWrites(() => sendV1(fleet.endpoints[0], {
      action: 'RevokeToken',
      credentials: { ...key, AccessKeySecret: 'wrong' },
      parameters: { InstanceId: instance, Token: randomToken(), Format: 'XML' },
    }));

    assert.equal(result.status, 400, result.text);
    assert.match(result.headers['content-type'], /^text\/xml/);
    const { Error: error } = parseXml(result.text);
    assert.ok(error, `no <Error> root: ${result.text}`);
    assert.equal(error.Code, 'SignatureDoesNotMatch');
    assert.ok(isRequestId(error.RequestId));
    assert.equal(result.headers['x-acs-request-id'], error.RequestId);
    assert.equal(error.HostId, '127.0.0.1');
    assert.ok(error.Message.length > 0);
    assert.equal(typeof error.Recommend, 'string');
  });

  test('an unknown Format gives InvalidParameter.Format in JSON and writes nothing', async () => {
    const result = await fleet.expectNoWrites(() => sendV1(fleet.endpoints[0], {
      action: 'RevokeToken', credentials: key, parameters: { InstanceId: instance, Token: randomToken(), Format: 'YAML' },
    }));

    assert.equal(result.status, 400, result.text);
    assert.match(result.headers['content-type'], /^application\/json/);
    const body = JSON.parse(result.text);
    assertApiError({ status: result.status, body, headers: result.headers, code: body.Code }, 400, 'InvalidParameter.Format');
  });

  test('a JSON success is exactly {"RequestId"} with Content-Type application/json', async () => {
    const token = randomToken();
    const result = await sendV1(fleet.endpoints[0], {
      action: 'RevokeToken', credentials: key, parameters: { InstanceId: instance, Token: token },
    });

    assert.equal(result.status, 200, result.text);
    assert.match(result.headers['content-type'], /^application\/json/);
    const body = JSON.parse(result.text);
    assert.deepEqual(Object.keys(body), ['RequestId']);
    assert.equal(result.headers['x-acs-request-id'], body.RequestId);
    await usage.expectDelta(instance, 1);
  });
});
