// RevokeToken through @alicloud/pop-core's RPCClient (signature V1, HMAC-SHA1), unmodified.
// pop-core sends POST parameters as an application/x-www-form-urlencoded body and GET
// parameters in the query string; it signs Format=JSON, Timestamp, SignatureNonce and the rest.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  assertApiError, assertSuccess, popCall, popClient, randomToken, sleep, startFleet, UsageTracker,
} from './harness.mjs';

describe('RevokeToken through pop-core', () => {
  let fleet;
  let usage;
  let tenant;
  let instance;
  let first;
  let second;

  before(async () => {
    fleet = await startFleet({ services: 2 });
    tenant = await fleet.createTenant({ instances: 1, keys: [{}, {}] });
    [instance] = tenant.instances;
    [first, second] = tenant.keys;
    usage = new UsageTracker(fleet);
    usage.startAtZero(instance);
  });

  after(async () => {
    await fleet?.stop();
  });

  test('POST answers only an upper-case RequestId, stores the record and meters exactly one call', async () => {
    const token = randomToken();
    const result = await popCall(popClient(fleet.endpoints[0], first), 'RevokeToken', { InstanceId: instance, Token: token });

    assertSuccess(result);
    assert.deepEqual(Object.keys(result.body), ['RequestId']);
    assert.match(result.headers['content-type'], /^application\/json/);
    const record = await fleet.revocation(instance, token);
    assert.ok(record, 'no revocation record after a 200');
    assert.equal(record.InstanceId, instance);
    assert.equal(record.AccessKeyId, first.AccessKeyId);
    assert.equal(record.AccountId, tenant.accountId);
    assert.equal(record.RequestId, result.body.RequestId);
    assert.notEqual(record.TokenHash, token);
    assert.ok(!JSON.stringify(record).includes(token), 'the record must not hold the token itself');
    assert.equal(record.ClientAddress, '127.0.0.1');
    // An unknown token's expiry is unknown: the record is kept 30 days.
    assert.equal(record.ExpiryKnown, false);
    assert.equal(Date.parse(record.ExpiresAt) - Date.parse(record.RevokedAt), 30 * 24 * 3600 * 1000);
    await usage.expectDelta(instance, 1);
  });

  test('GET gives UnsupportedHTTPMethod and writes nothing', async () => {
    const result = await fleet.expectNoWrites(() =>
      popCall(popClient(fleet.endpoints[0], first), 'RevokeToken', { InstanceId: instance, Token: randomToken() }, { method: 'GET' }));

    assertApiError(result, 400, 'UnsupportedHTTPMethod');
  });

  test('a revocation on one service process is stored for every process: a second revoke elsewhere keeps the first time and author', async () => {
    const token = randomToken();
    const one = await popCall(popClient(fleet.endpoints[0], first), 'RevokeToken', { InstanceId: instance, Token: token });
    assertSuccess(one);
    const original = await fleet.revocation(instance, token);
    assert.ok(original, 'no revocation record after the first revoke');

    // RevokedAt has whole seconds: make sure a second revocation would show a later time.
    await sleep(1100);
    const two = await popCall(popClient(fleet.endpoints[1], second), 'RevokeToken', { InstanceId: instance, Token: token });
    assertSuccess(two);
    assert.notEqual(two.body.RequestId, one.body.RequestId);

    const kept = await fleet.revocation(instance, token);
    assert.equal(kept.RevokedAt, original.RevokedAt);
    assert.equal(kept.AccessKeyId, first.AccessKeyId);
    assert.equal(kept.RequestId, one.body.RequestId);
    assert.equal(kept.ExpiresAt, original.ExpiresAt);
    // Both calls succeeded: each is one metered unit.
    await usage.expectDelta(instance, 2);
  });

  test('concurrent revocations of one token on two processes all answer 200 and leave one record', async () => {
    const token = randomToken();
    const results = await Promise.all(Array.from({ length: 4 }, (_, n) =>
      popCall(popClient(fleet.endpoints[n % 2], n < 2 ? first : second), 'RevokeToken', { InstanceId: instance, Token: token })));

    results.forEach(assertSuccess);
    const record = await fleet.revocation(instance, token);
    assert.ok(record, 'no revocation record after four 200s');
    assert.ok(results.some((r) => r.body.RequestId === record.RequestId), 'the record names none of the four calls');
    await usage.expectDelta(instance, 4);
  });

  test('a 4096-character token is revoked; 4097 characters give InvalidParameter.Token', async () => {
    const longest = randomToken().padEnd(4096, 'x');
    assertSuccess(await popCall(popClient(fleet.endpoints[0], first), 'RevokeToken', { InstanceId: instance, Token: longest }));
    assert.ok(await fleet.revocation(instance, longest));
    await usage.expectDelta(instance, 1);

    const tooLong = await fleet.expectNoWrites(() =>
      popCall(popClient(fleet.endpoints[1], first), 'RevokeToken', { InstanceId: instance, Token: longest + 'y' }));
    assertApiError(tooLong, 400, 'InvalidParameter.Token');
  });

  test('STS credentials send SecurityToken as a signed parameter; the record names the temporary key and its parent', async () => {
    const sts = await fleet.issueSts(first.AccessKeyId, { seconds: 900 });
    const token = randomToken();
    const result = await popCall(popClient(fleet.endpoints[1], sts), 'RevokeToken', { InstanceId: instance, Token: token });

    assertSuccess(result);
    const record = await fleet.revocation(instance, token);
    assert.ok(record, 'no revocation record after a 200');
    assert.equal(record.AccessKeyId, sts.AccessKeyId);
    assert.equal(record.ParentAccessKeyId, first.AccessKeyId);
    assert.equal(record.AccountId, tenant.accountId);
    await usage.expectDelta(instance, 1);
  });

  test('the legacy API version 2019-12-11 is accepted as an alias', async () => {
    const token = randomToken();
    const client = popClient(fleet.endpoints[0], first, { apiVersion: '2019-12-11' });
    const result = await popCall(client, 'RevokeToken', { InstanceId: instance, Token: token });

    assertSuccess(result);
    assert.ok(await fleet.revocation(instance, token));
    await usage.expectDelta(instance, 1);
  });

  test('a token with characters that need percent-encoding is revoked under exactly that value', async () => {
    // Tokens in the wild are base64 (+ / =); pop-core encodes them %2B %2F %3D in the body and
    // in the string to sign.
    const token = `LzMT+XLFl5s/YWJ/MlDz4t!*'()~${randomToken()}==`;
    const result = await popCall(popClient(fleet.endpoints[0], first), 'RevokeToken', { InstanceId: instance, Token: token });

    assertSuccess(result);
    assert.ok(await fleet.revocation(instance, token), 'no record under the exact token');
    await usage.expectDelta(instance, 1);
  });
});
