// RevokeToken through @alicloud/openapi-client 0.4.15, unmodified, called the way the generated
// OnsMqtt SDKs call it (callApi, RPC style, business parameters in the query):
// - default signing: V3, ACS3-HMAC-SHA256 (doRequest); Action and Version travel only as
//   x-acs-action / x-acs-version headers, the Host header (with the port) is signed;
// - signatureAlgorithm 'v2': the RPC signature V1 (doRPCRequest), every parameter in the query,
//   Format=json in lower case.
// STS: V3 sends x-acs-security-token (and x-acs-accesskey-id); V1 sends SecurityToken.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  assertApiError, assertSuccess, openApiCall, openApiClient, randomToken, startFleet, UsageTracker,
} from './harness.mjs';

const SCHEMES = [
  { name: 'V3 (ACS3-HMAC-SHA256)', options: {} },
  { name: "signatureAlgorithm 'v2' (HMAC-SHA1)", options: { signatureAlgorithm: 'v2' } },
];

describe('RevokeToken through openapi-client', () => {
  let fleet;
  let usage;
  let tenant;
  let instance;
  let key;

  before(async () => {
    fleet = await startFleet({ services: 2 });
    tenant = await fleet.createTenant({ instances: 1 });
    [instance] = tenant.instances;
    [key] = tenant.keys;
    usage = new UsageTracker(fleet);
    usage.startAtZero(instance);
  });

  after(async () => {
    await fleet?.stop();
  });

  async function revokesAndRecords(credentials, options, endpoint, callOptions = {}, token = randomToken()) {
    const client = openApiClient(endpoint, credentials, options);
    const result = await openApiCall(client, 'RevokeToken', { InstanceId: instance, Token: token }, callOptions);

    assertSuccess(result);
    assert.deepEqual(Object.keys(result.body), ['RequestId']);
    const record = await fleet.revocation(instance, token);
    assert.ok(record, 'no revocation record after a 200');
    assert.equal(record.RequestId, result.body.RequestId);
    assert.equal(record.AccessKeyId, credentials.AccessKeyId);
    assert.equal(record.AccountId, tenant.accountId);
    await usage.expectDelta(instance, 1);
    return record;
  }

  for (const [index, scheme] of SCHEMES.entries()) {
    test(`${scheme.name} with a long-term AccessKey revokes, records and meters once`, async () => {
      // Reserved characters: the client's query encoding and the server's canonical form must agree.
      const token = `Lz+MT/XL=Fl!5s*'(Y)~${randomToken()}==`;
      const record = await revokesAndRecords(key, scheme.options, fleet.endpoints[index % 2], {}, token);
      assert.equal(record.ParentAccessKeyId, null);
    });

    test(`${scheme.name} with STS credentials revokes; the record names the temporary key and its parent`, async () => {
      const sts = await fleet.issueSts(key.AccessKeyId, { seconds: 900 });
      const record = await revokesAndRecords(sts, scheme.options, fleet.endpoints[(index + 1) % 2]);
      assert.equal(record.ParentAccessKeyId, key.AccessKeyId);
    });

    test(`${scheme.name} with the parameters in a form body instead of the query revokes`, async () => {
      await revokesAndRecords(key, scheme.options, fleet.endpoints[index % 2], { inBody: true });
    });
  }

  test('V3 GET gives UnsupportedHTTPMethod and writes nothing', async () => {
    const result = await fleet.expectNoWrites(() => openApiCall(openApiClient(fleet.endpoints[0], key), 'RevokeToken',
      { InstanceId: instance, Token: randomToken() }, { method: 'GET' }));

    assertApiError(result, 400, 'UnsupportedHTTPMethod');
  });

  test('V3 with the legacy API version 2019-12-11 revokes', async () => {
    await revokesAndRecords(key, {}, fleet.endpoints[1], { version: '2019-12-11' });
  });
});
