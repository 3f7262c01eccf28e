// What a revocation does to genuine tokens (docs/contract.md §5.2): tokens are issued with
// ApplyToken and checked with QueryToken, all through the real clients, across two service
// processes. (ApplyToken and QueryToken are exercised here only as far as RevokeToken's
// contract needs them.)

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  assertSuccess, openApiCall, openApiClient, popCall, popClient, startFleet, UsageTracker,
} from './harness.mjs';

const HOUR = 3600_000;

describe('the effect of RevokeToken on genuine tokens', () => {
  let fleet;
  let usage;
  let tenant;
  let instance;
  let sibling;
  let key;

  before(async () => {
    fleet = await startFleet({ services: 2 });
    tenant = await fleet.createTenant({ instances: 2 });
    [instance, sibling] = tenant.instances;
    [key] = tenant.keys;
    usage = new UsageTracker(fleet);
    usage.startAtZero(instance, sibling);
  });

  after(async () => {
    await fleet?.stop();
  });

  async function applyToken(instanceId, expireTime = Date.now() + 2 * HOUR) {
    const result = await openApiCall(openApiClient(fleet.endpoints[0], key), 'ApplyToken', {
      InstanceId: instanceId, Resources: 'devices/+/telemetry,alerts/#', ExpireTime: String(expireTime), Actions: 'R,W',
    });
    assertSuccess(result);
    assert.equal(typeof result.body.Token, 'string');
    return result.body.Token;
  }

  /** QueryToken through pop-core GET (V1) on process 0 and openapi-client V3 POST on process 1. */
  async function statusEverywhere(token, instanceId) {
    const v1 = await popCall(popClient(fleet.endpoints[0], key), 'QueryToken', { InstanceId: instanceId, Token: token }, { method: 'GET' });
    const v3 = await openApiCall(openApiClient(fleet.endpoints[1], key), 'QueryToken', { InstanceId: instanceId, Token: token });
    assertSuccess(v1);
    assertSuccess(v3);
    return [v1.body.TokenStatus, v3.body.TokenStatus];
  }

  test('after the 200 of RevokeToken, QueryToken answers false on every service process', async () => {
    const token = await applyToken(instance);
    assert.deepEqual(await statusEverywhere(token, instance), [true, true]);

    assertSuccess(await popCall(popClient(fleet.endpoints[1], key), 'RevokeToken', { InstanceId: instance, Token: token }));

    assert.deepEqual(await statusEverywhere(token, instance), [false, false]);
    // ApplyToken, 2 QueryToken, RevokeToken, 2 QueryToken.
    await usage.expectDelta(instance, 6);
  });

  test('the record of a genuine token is kept until the token expires', async () => {
    const expireTime = Date.now() + 3 * HOUR;
    const token = await applyToken(instance, expireTime);

    assertSuccess(await openApiCall(openApiClient(fleet.endpoints[1], key), 'RevokeToken', { InstanceId: instance, Token: token }));

    const record = await fleet.revocation(instance, token);
    assert.ok(record, 'no revocation record after a 200');
    assert.equal(record.ExpiryKnown, true);
    assert.ok(Math.abs(Date.parse(record.ExpiresAt) - expireTime) < 1000,
      `ExpiresAt ${record.ExpiresAt} should be the token's expiry ${new Date(expireTime).toISOString()}`);
    await usage.expectDelta(instance, 2);
  });

  test('a revocation under another instance of the account does not affect the token', async () => {
    const token = await applyToken(instance);

    // RFC 7009: a token that is not this instance's is still answered 200.
    assertSuccess(await popCall(popClient(fleet.endpoints[0], key), 'RevokeToken', { InstanceId: sibling, Token: token }));

    assert.deepEqual(await statusEverywhere(token, instance), [true, true]);
    await usage.expectDelta(sibling, 1);
    await usage.expectDelta(instance, 3);
  });
});
