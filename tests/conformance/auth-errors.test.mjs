// Authentication and authorization failures of RevokeToken, each produced by a real client
// (pop-core: V1; openapi-client: V3 by default), each asserting the HTTP status, the error body
// and that nothing was written: the store is row for row what it was before the failed calls
// (so no revocation record, no usage slot, no nonce; see store-snapshot.mjs).
// Replay and clock checks use the clients' own ability to take a chosen nonce or timestamp
// (pop-core merges user parameters over its defaults; openapi-client merges request headers
// over its x-acs-date / x-acs-signature-nonce), so they too are signed by the real clients.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import {
  assertApiError, assertSuccess, openApiCall, openApiClient, popCall, popClient, randomToken,
  sleep, startFleet, timestamp, UsageTracker, withoutRequestId,
} from './harness.mjs';
import { stringToSign as v1StringToSign } from './v1-signer.mjs';

const MINUTE = 60_000;
const CACHE_SECONDS = 1;

describe('authentication and authorization errors write nothing', () => {
  let fleet;
  let tenant;
  let victim; // the instance the failing calls target
  let other; // another instance of the same account
  let scratch; // where positive controls succeed
  let foreign; // an instance of another account
  const keys = {};
  let expiredSts;

  before(async () => {
    fleet = await startFleet({ services: 2, env: { Directory__CacheSeconds: String(CACHE_SECONDS) } });
    let stranger;
    [tenant, stranger] = await Promise.all([
      fleet.createTenant({ instances: 3, keys: [{}, { actions: 'mq:QueryToken' }, {}, {}] }),
      fleet.createTenant({ instances: 1 }),
    ]);
    [victim, other, scratch] = tenant.instances;
    [foreign] = stranger.instances;
    [keys.full, keys.queryOnly, keys.toDisable, keys.parentToDisable] = tenant.keys;
    [keys.otherInstanceOnly, expiredSts] = await Promise.all([
      fleet.createKey(tenant.accountId, { instances: other }),
      // Issued now, so that it has long expired when its test runs.
      fleet.issueSts(keys.full.AccessKeyId, { seconds: 1 }),
    ]);
  });

  after(async () => {
    await fleet?.stop();
  });

  const pop = (credentials, n = 0, options) => popClient(fleet.endpoints[n], credentials, options);
  const v3 = (credentials, n = 0) => openApiClient(fleet.endpoints[n], credentials);
  const revoke = (token, instanceId = victim) => ({ InstanceId: instanceId, Token: token });
  const noWrites = (action) => fleet.expectNoWrites(action);

  /** The positive control: the credentials do work (on the scratch instance). */
  async function assertWorks(client, call) {
    assertSuccess(await call(client, 'RevokeToken', revoke(randomToken('control'), scratch)));
  }

  const waitPastCache = () => sleep(CACHE_SECONDS * 1000 + 600);

  // --- Signature --------------------------------------------------------------------------

  test("a wrong secret gives SignatureDoesNotMatch over V1 whose message shows the client's own string to sign", async () => {
    const token = randomToken();
    const usage = new UsageTracker(fleet);
    await usage.track(victim);

    const fixed = { SignatureNonce: crypto.randomUUID(), Timestamp: timestamp() };
    const result = await noWrites(() =>
      popCall(pop({ ...keys.full, AccessKeySecret: 'not-the-secret' }), 'RevokeToken', { ...revoke(token), ...fixed }));

    assertApiError(result, 400, 'SignatureDoesNotMatch');
    // The parameters pop-core signed (its defaults plus ours): the server's string to sign must be the client's.
    const clientStringToSign = v1StringToSign('POST', {
      Action: 'RevokeToken', Format: 'JSON', Version: '2020-04-20', SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0',
      AccessKeyId: keys.full.AccessKeyId, ...revoke(token), ...fixed,
    });
    assert.ok(result.body.Message.endsWith(clientStringToSign),
      `the message should end with the client's string to sign ${clientStringToSign}: ${result.body.Message}`);
    // The operator's view agrees with the store snapshot.
    assert.equal(await fleet.revocation(victim, token), null);
    await usage.expectDelta(victim, 0);
  });

  test('a wrong secret gives SignatureDoesNotMatch over V3', async () => {
    const result = await noWrites(() =>
      openApiCall(v3({ ...keys.full, AccessKeySecret: 'not-the-secret' }, 1), 'RevokeToken', revoke(randomToken())));

    assertApiError(result, 400, 'SignatureDoesNotMatch');
    assert.match(result.body.Message, /ACS3-HMAC-SHA256/);
  });

  test('an unknown AccessKeyId gives 404 InvalidAccessKeyId.NotFound over V1 and V3', async () => {
    const unknown = { AccessKeyId: 'LTAI' + crypto.randomBytes(10).toString('hex'), AccessKeySecret: 'whatever' };
    await noWrites(async () => {
      assertApiError(await popCall(pop(unknown), 'RevokeToken', revoke(randomToken())), 404, 'InvalidAccessKeyId.NotFound');
      assertApiError(await openApiCall(v3(unknown, 1), 'RevokeToken', revoke(randomToken())), 404, 'InvalidAccessKeyId.NotFound');
    });
  });

  test('a disabled key gives InvalidAccessKeyId.Inactive once the directory cache has expired', async () => {
    // Warm both processes' caches with the key while it is enabled.
    await assertWorks(pop(keys.toDisable, 0), popCall);
    await assertWorks(v3(keys.toDisable, 1), openApiCall);
    await fleet.disableKey(keys.toDisable.AccessKeyId);
    await waitPastCache();

    await noWrites(async () => {
      assertApiError(await popCall(pop(keys.toDisable, 0), 'RevokeToken', revoke(randomToken())), 400, 'InvalidAccessKeyId.Inactive');
      assertApiError(await openApiCall(v3(keys.toDisable, 1), 'RevokeToken', revoke(randomToken())), 400, 'InvalidAccessKeyId.Inactive');
    });
  });

  // --- Account and instance ---------------------------------------------------------------

  test("another account's instance gives InstancePermissionCheckFailed", async () => {
    await noWrites(async () => {
      assertApiError(await popCall(pop(keys.full), 'RevokeToken', revoke(randomToken(), foreign)), 400, 'InstancePermissionCheckFailed');
      assertApiError(await openApiCall(v3(keys.full, 1), 'RevokeToken', revoke(randomToken(), foreign)), 400, 'InstancePermissionCheckFailed');
    });
  });

  test('an unknown instance gives InstancePermissionCheckFailed with the same body as a foreign one, except RequestId', async () => {
    const unknownInstance = `mqtt-missing-${crypto.randomBytes(4).toString('hex')}`;
    const [unknown, foreignResult] = await noWrites(async () => [
      await openApiCall(v3(keys.full), 'RevokeToken', revoke(randomToken(), unknownInstance)),
      await openApiCall(v3(keys.full), 'RevokeToken', revoke(randomToken(), foreign)),
    ]);

    assertApiError(unknown, 400, 'InstancePermissionCheckFailed');
    assertApiError(foreignResult, 400, 'InstancePermissionCheckFailed');
    assert.notEqual(unknown.body.RequestId, foreignResult.body.RequestId);
    assert.deepEqual(withoutRequestId(unknown.body), withoutRequestId(foreignResult.body));
  });

  // --- Permission -------------------------------------------------------------------------

  test('a key limited to mq:QueryToken cannot revoke: PermissionCheckFailed', async () => {
    await noWrites(async () => {
      assertApiError(await popCall(pop(keys.queryOnly), 'RevokeToken', revoke(randomToken())), 400, 'PermissionCheckFailed');
      assertApiError(await openApiCall(v3(keys.queryOnly, 1), 'RevokeToken', revoke(randomToken())), 400, 'PermissionCheckFailed');
    });
  });

  test('a key limited to another instance cannot revoke on this one: PermissionCheckFailed', async () => {
    await noWrites(async () => {
      assertApiError(await openApiCall(v3(keys.otherInstanceOnly), 'RevokeToken', revoke(randomToken())), 400, 'PermissionCheckFailed');
    });
    assertSuccess(await popCall(pop(keys.otherInstanceOnly), 'RevokeToken', revoke(randomToken(), other)));
  });

  test('STS narrowed to mq:QueryToken cannot revoke although its parent can: PermissionCheckFailed', async () => {
    const sts = await fleet.issueSts(keys.full.AccessKeyId, { seconds: 900, actions: 'mq:QueryToken' });
    await assertWorks(pop(keys.full), popCall);

    await noWrites(async () => {
      assertApiError(await popCall(pop(sts), 'RevokeToken', revoke(randomToken())), 400, 'PermissionCheckFailed');
      assertApiError(await openApiCall(v3(sts, 1), 'RevokeToken', revoke(randomToken())), 400, 'PermissionCheckFailed');
    });
  });

  test('STS narrowed to another instance cannot revoke on this one: PermissionCheckFailed', async () => {
    const sts = await fleet.issueSts(keys.full.AccessKeyId, { seconds: 900, instances: other });
    await noWrites(async () => {
      assertApiError(await openApiCall(v3(sts), 'RevokeToken', revoke(randomToken())), 400, 'PermissionCheckFailed');
    });
  });

  // --- STS SecurityToken ------------------------------------------------------------------

  test('STS credentials without their SecurityToken give CheckAccountInfoFailed', async () => {
    const sts = await fleet.issueSts(keys.full.AccessKeyId, { seconds: 900 });
    const bare = { AccessKeyId: sts.AccessKeyId, AccessKeySecret: sts.AccessKeySecret };
    await noWrites(async () => {
      assertApiError(await popCall(pop(bare), 'RevokeToken', revoke(randomToken())), 400, 'CheckAccountInfoFailed');
      assertApiError(await openApiCall(v3(bare, 1), 'RevokeToken', revoke(randomToken())), 400, 'CheckAccountInfoFailed');
    });
  });

  test('a modified or made-up SecurityToken gives CheckAccountInfoFailed', async () => {
    const sts = await fleet.issueSts(keys.full.AccessKeyId, { seconds: 900 });
    const at = Math.floor(sts.SecurityToken.length / 2);
    const flipped = sts.SecurityToken[at] === 'A' ? 'B' : 'A';
    const forged = { ...sts, SecurityToken: sts.SecurityToken.slice(0, at) + flipped + sts.SecurityToken.slice(at + 1) };
    const madeUp = { ...sts, SecurityToken: 'CAIS' + crypto.randomBytes(48).toString('base64') };
    await noWrites(async () => {
      assertApiError(await popCall(pop(forged), 'RevokeToken', revoke(randomToken())), 400, 'CheckAccountInfoFailed');
      assertApiError(await openApiCall(v3(forged, 1), 'RevokeToken', revoke(randomToken())), 400, 'CheckAccountInfoFailed');
      assertApiError(await openApiCall(v3(madeUp, 1), 'RevokeToken', revoke(randomToken())), 400, 'CheckAccountInfoFailed');
    });
  });

  test("another STS credential's SecurityToken gives CheckAccountInfoFailed", async () => {
    const [one, two] = await Promise.all([
      fleet.issueSts(keys.full.AccessKeyId, { seconds: 900 }),
      fleet.issueSts(keys.full.AccessKeyId, { seconds: 900 }),
    ]);
    const swapped = { ...one, SecurityToken: two.SecurityToken };
    await noWrites(async () => {
      assertApiError(await popCall(pop(swapped), 'RevokeToken', revoke(randomToken())), 400, 'CheckAccountInfoFailed');
      assertApiError(await openApiCall(v3(swapped, 1), 'RevokeToken', revoke(randomToken())), 400, 'CheckAccountInfoFailed');
    });
  });

  test('expired STS credentials give CheckAccountInfoFailed', async () => {
    await sleep(Math.max(Date.parse(expiredSts.Expiration) + 1500 - Date.now(), 0));
    await noWrites(async () => {
      assertApiError(await popCall(pop(expiredSts), 'RevokeToken', revoke(randomToken())), 400, 'CheckAccountInfoFailed');
      assertApiError(await openApiCall(v3(expiredSts, 1), 'RevokeToken', revoke(randomToken())), 400, 'CheckAccountInfoFailed');
    });
  });

  test('STS credentials whose parent key was disabled give CheckAccountInfoFailed', async () => {
    const sts = await fleet.issueSts(keys.parentToDisable.AccessKeyId, { seconds: 900 });
    await assertWorks(pop(sts, 0), popCall);
    await assertWorks(v3(sts, 1), openApiCall);
    await fleet.disableKey(keys.parentToDisable.AccessKeyId);
    await waitPastCache();

    await noWrites(async () => {
      assertApiError(await popCall(pop(sts, 0), 'RevokeToken', revoke(randomToken())), 400, 'CheckAccountInfoFailed');
      assertApiError(await openApiCall(v3(sts, 1), 'RevokeToken', revoke(randomToken())), 400, 'CheckAccountInfoFailed');
    });
  });

  // --- Request shape ----------------------------------------------------------------------

  test('an unknown Action gives 404 ApiNotSupport', async () => {
    await noWrites(async () => {
      assertApiError(await popCall(pop(keys.full), 'RevokeTokens', revoke(randomToken())), 404, 'ApiNotSupport');
      assertApiError(await openApiCall(v3(keys.full, 1), 'DescribeRegions', revoke(randomToken())), 404, 'ApiNotSupport');
    });
  });

  test('an unknown Version gives 404 ApiNotSupport', async () => {
    await noWrites(async () => {
      assertApiError(await popCall(pop(keys.full, 0, { apiVersion: '2099-01-01' }), 'RevokeToken', revoke(randomToken())), 404, 'ApiNotSupport');
      assertApiError(await openApiCall(v3(keys.full, 1), 'RevokeToken', revoke(randomToken()), { version: '2099-01-01' }), 404, 'ApiNotSupport');
    });
  });

  test('a missing InstanceId gives InvalidParameter.InstanceId', async () => {
    await noWrites(async () => {
      assertApiError(await popCall(pop(keys.full), 'RevokeToken', { Token: randomToken() }), 400, 'InvalidParameter.InstanceId');
      assertApiError(await openApiCall(v3(keys.full, 1), 'RevokeToken', { Token: randomToken() }), 400, 'InvalidParameter.InstanceId');
    });
  });

  test('a missing Token gives InvalidParameter.Token', async () => {
    await noWrites(async () => {
      assertApiError(await popCall(pop(keys.full), 'RevokeToken', { InstanceId: victim }), 400, 'InvalidParameter.Token');
      assertApiError(await openApiCall(v3(keys.full, 1), 'RevokeToken', { InstanceId: victim }), 400, 'InvalidParameter.Token');
    });
  });

  // --- Replay -----------------------------------------------------------------------------

  test('a replayed V1 nonce gives SignatureNonceUsed on the same service process', async () => {
    const nonce = crypto.randomUUID();
    assertSuccess(await popCall(pop(keys.full, 0), 'RevokeToken', { ...revoke(randomToken()), SignatureNonce: nonce }));

    const replay = await noWrites(() => popCall(pop(keys.full, 0), 'RevokeToken', { ...revoke(randomToken()), SignatureNonce: nonce }));
    assertApiError(replay, 400, 'SignatureNonceUsed');
  });

  test('a replayed V1 nonce gives SignatureNonceUsed on a second service process', async () => {
    const nonce = crypto.randomUUID();
    assertSuccess(await popCall(pop(keys.full, 0), 'RevokeToken', { ...revoke(randomToken()), SignatureNonce: nonce }));

    const replay = await noWrites(() => popCall(pop(keys.full, 1), 'RevokeToken', { ...revoke(randomToken()), SignatureNonce: nonce }));
    assertApiError(replay, 400, 'SignatureNonceUsed');
  });

  test('an identical V1 request sent again gives SignatureNonceUsed and is neither stored nor metered twice', async () => {
    const token = randomToken();
    const params = { ...revoke(token), SignatureNonce: crypto.randomUUID(), Timestamp: timestamp() };
    const first = await popCall(pop(keys.full, 0), 'RevokeToken', params);
    assertSuccess(first);

    const replay = await noWrites(() => popCall(pop(keys.full, 1), 'RevokeToken', params));
    assertApiError(replay, 400, 'SignatureNonceUsed');
    assert.equal((await fleet.revocation(victim, token))?.RequestId, first.body.RequestId);
  });

  test('a replayed V3 nonce gives SignatureNonceUsed on a second service process', async () => {
    const headers = { 'x-acs-signature-nonce': crypto.randomUUID() };
    assertSuccess(await openApiCall(v3(keys.full, 0), 'RevokeToken', revoke(randomToken()), { headers }));

    const replay = await noWrites(() => openApiCall(v3(keys.full, 1), 'RevokeToken', revoke(randomToken()), { headers }));
    assertApiError(replay, 400, 'SignatureNonceUsed');
  });

  test('the same nonce under two different AccessKeys is not a replay', async () => {
    const nonce = crypto.randomUUID();
    const sts = await fleet.issueSts(keys.full.AccessKeyId, { seconds: 900 });
    assertSuccess(await popCall(pop(keys.full, 0), 'RevokeToken', { ...revoke(randomToken()), SignatureNonce: nonce }));
    assertSuccess(await popCall(pop(sts, 1), 'RevokeToken', { ...revoke(randomToken()), SignatureNonce: nonce }));
  });

  // --- Check order (docs/contract.md §7.2: shape, signature, account and instance, permission, limit) ------

  test('request shape comes before the signature: a missing Token with an unknown key gives InvalidParameter.Token', async () => {
    const unknown = { AccessKeyId: 'LTAI' + crypto.randomBytes(10).toString('hex'), AccessKeySecret: 'whatever' };
    await noWrites(async () => {
      assertApiError(await openApiCall(v3(unknown), 'RevokeToken', { InstanceId: victim }), 400, 'InvalidParameter.Token');
    });
  });

  test("the signature comes before the instance: a wrong secret on another account's instance gives SignatureDoesNotMatch", async () => {
    await noWrites(async () => {
      assertApiError(await popCall(pop({ ...keys.full, AccessKeySecret: 'wrong' }), 'RevokeToken', revoke(randomToken(), foreign)),
        400, 'SignatureDoesNotMatch');
    });
  });

  test("the instance comes before the permission: a QueryToken-only key on another account's instance gives InstancePermissionCheckFailed", async () => {
    await noWrites(async () => {
      assertApiError(await openApiCall(v3(keys.queryOnly), 'RevokeToken', revoke(randomToken(), foreign)), 400, 'InstancePermissionCheckFailed');
    });
  });

  test('a replayed nonce (a signature-stage check) is reported before the instance and permission checks', async () => {
    const nonce = crypto.randomUUID();
    assertSuccess(await popCall(pop(keys.otherInstanceOnly, 0), 'RevokeToken', { ...revoke(randomToken(), other), SignatureNonce: nonce }));

    const [onForeignInstance, onForbiddenInstance] = await noWrites(async () => [
      await popCall(pop(keys.otherInstanceOnly, 1), 'RevokeToken', { ...revoke(randomToken(), foreign), SignatureNonce: nonce }),
      await popCall(pop(keys.otherInstanceOnly, 1), 'RevokeToken', { ...revoke(randomToken(), victim), SignatureNonce: nonce }),
    ]);
    assertApiError(onForeignInstance, 400, 'SignatureNonceUsed');
    assertApiError(onForbiddenInstance, 400, 'SignatureNonceUsed');
  });

  // --- Clock ------------------------------------------------------------------------------

  test('a timestamp 14 minutes behind or ahead is accepted', async () => {
    assertSuccess(await popCall(pop(keys.full), 'RevokeToken', { ...revoke(randomToken()), Timestamp: timestamp(-14 * MINUTE) }));
    assertSuccess(await popCall(pop(keys.full, 1), 'RevokeToken', { ...revoke(randomToken()), Timestamp: timestamp(14 * MINUTE) }));
    assertSuccess(await openApiCall(v3(keys.full), 'RevokeToken', revoke(randomToken()), { headers: { 'x-acs-date': timestamp(-14 * MINUTE) } }));
    assertSuccess(await openApiCall(v3(keys.full, 1), 'RevokeToken', revoke(randomToken()), { headers: { 'x-acs-date': timestamp(14 * MINUTE) } }));
  });

  test('a timestamp 16 minutes behind or ahead gives InvalidTimeStamp.Expired', async () => {
    await noWrites(async () => {
      assertApiError(await popCall(pop(keys.full), 'RevokeToken', { ...revoke(randomToken()), Timestamp: timestamp(-16 * MINUTE) }),
        400, 'InvalidTimeStamp.Expired');
      assertApiError(await popCall(pop(keys.full, 1), 'RevokeToken', { ...revoke(randomToken()), Timestamp: timestamp(16 * MINUTE) }),
        400, 'InvalidTimeStamp.Expired');
      assertApiError(await openApiCall(v3(keys.full), 'RevokeToken', revoke(randomToken()), { headers: { 'x-acs-date': timestamp(-16 * MINUTE) } }),
        400, 'InvalidTimeStamp.Expired');
      assertApiError(await openApiCall(v3(keys.full, 1), 'RevokeToken', revoke(randomToken()), { headers: { 'x-acs-date': timestamp(16 * MINUTE) } }),
        400, 'InvalidTimeStamp.Expired');
    });
  });

  test('a malformed timestamp gives InvalidTimeStamp.Format', async () => {
    await noWrites(async () => {
      const spaced = timestamp().replace('T', ' ').replace('Z', '');
      assertApiError(await popCall(pop(keys.full), 'RevokeToken', { ...revoke(randomToken()), Timestamp: spaced }),
        400, 'InvalidTimeStamp.Format');
      assertApiError(await popCall(pop(keys.full, 1), 'RevokeToken', { ...revoke(randomToken()), Timestamp: String(Math.floor(Date.now() / 1000)) }),
        400, 'InvalidTimeStamp.Format');
      assertApiError(await openApiCall(v3(keys.full), 'RevokeToken', revoke(randomToken()), { headers: { 'x-acs-date': new Date().toUTCString() } }),
        400, 'InvalidTimeStamp.Format');
    });
  });
});
