// EMQX 5 and Azure Event Grid cannot be installed here: their requests are built from their
// documented templates and sent to a real service process on Azurite (docs/contract.md §8).

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { assertSuccess, openApiCall, openApiClient, startFleet } from '../conformance/harness.mjs';
import { startIssuer } from './entra-issuer.mjs';

const KEY = crypto.randomBytes(24).toString('base64url');
const TENANT = crypto.randomUUID();
const AUDIENCE = 'api://mqtt-token-service';

describe('EMQX and Event Grid contracts', () => {
  let fleet;
  let issuer;
  let tenant;
  let username;

  before(async () => {
    issuer = await startIssuer(TENANT);
    fleet = await startFleet({
      env: {
        Brokers__Key: KEY, Brokers__EventGrid__TenantId: TENANT, Brokers__EventGrid__Audience: AUDIENCE,
        Brokers__EventGrid__Authority: issuer.authority,
      },
    });
    tenant = await fleet.createTenant();
    username = `Token|${tenant.keys[0].AccessKeyId}|${tenant.instances[0]}`;
  });

  after(async () => {
    await fleet?.stop();
    await issuer?.stop();
  });

  async function applyToken(resources, actions = 'R,W', expireTime = Date.now() + 3600_000) {
    const result = await openApiCall(openApiClient(fleet.endpoints[0], tenant.keys[0]), 'ApplyToken', {
      InstanceId: tenant.instances[0], Resources: resources.join(','), ExpireTime: String(expireTime), Actions: actions,
    });
    assertSuccess(result);
    return result.body.Token;
  }

  async function post(path, body, headers = {}) {
    const response = await fetch(new URL(path, fleet.endpoints[0].url), {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), body: text ? JSON.parse(text) : null };
  }

  describe('what a CONNECT stores', () => {
    const authn = (password, clientid) => post(`/broker/emqx/authn?code=${KEY}`, { username, password, clientid });

    test('a CONNECT refused before revocation is read writes nothing at all', async () => {
      const genuine = await applyToken(['x/#']);
      const readOnly = await applyToken(['y'], 'R');
      await fleet.expectNoWrites(async () => {
        for (const password of ['RW|forged', `RW|${genuine.slice(0, -3)}AAA`, 'X|y', `W|${readOnly}`]) {
          assert.equal((await authn(password, 'nothing-stored')).body.result, 'deny');
        }
      });
    });

    test('a revoked token leaves its token index row (for the revocation) but no session a topic check could use', async () => {
      const token = await applyToken(['revoked/#']);
      assertSuccess(await openApiCall(openApiClient(fleet.endpoints[0], tenant.keys[0]), 'RevokeToken', { InstanceId: tenant.instances[0], Token: token }));
      assert.equal((await authn(`RW|${token}`, 'revoked-client')).body.result, 'deny');

      const rows = await fleet.tableRows('Sessions');
      assert.ok(rows.some((row) => row.PartitionKey.startsWith('t|') && row.ClientId === 'revoked-client'));
      assert.ok(!rows.some((row) => row.PartitionKey.startsWith('c|') && row.ClientId === 'revoked-client'));
      assert.deepEqual((await post(`/broker/emqx/authz?code=${KEY}`, { clientid: 'revoked-client', username, action: 'publish', topic: 'revoked/a' })).body,
        { result: 'deny' });
    });
  });

  describe('EMQX 5 HTTP authentication and authorization', () => {
    const emqx = (path, body) => post(`/broker/emqx/${path}?code=${KEY}`, body);

    test('a genuine pair of tokens is allowed until the first expires, with their grants as an acl', async () => {
      const expireTime = Date.now() + 2 * 3600_000;
      const reader = await applyToken(['in/+/cmd'], 'R', expireTime);
      const writer = await applyToken(['out/dev1/#'], 'W', expireTime + 3600_000);
      const answer = await emqx('authn', { username, password: `R|${reader}|W|${writer}`, clientid: 'emqx-dev1' });
      assert.equal(answer.status, 200);
      assert.match(answer.type, /^application\/json/);
      assert.deepEqual(answer.body, {
        result: 'allow', is_superuser: false, expire_at: Math.floor(expireTime / 1000),
        acl: [
          { permission: 'allow', action: 'subscribe', topic: 'in/+/cmd' },
          { permission: 'allow', action: 'publish', topic: 'out/dev1/#' },
          { permission: 'deny', action: 'all', topic: '#' },
        ],
      });
    });

    test('publish and subscribe are authorized from the session that authentication stored', async () => {
      const token = await applyToken(['sensors/+/temp'], 'R,W');
      assert.equal((await emqx('authn', { username, password: `RW|${token}`, clientid: 'emqx-dev2' })).body.result, 'allow');
      const authz = async (action, topic, clientid = 'emqx-dev2', user = username) =>
        (await emqx('authz', { clientid, username: user, action, topic })).body;

      assert.deepEqual(await authz('publish', 'sensors/a/temp'), { result: 'allow' });
      assert.deepEqual(await authz('subscribe', 'sensors/+/temp'), { result: 'allow' });
      assert.deepEqual(await authz('subscribe', '$share/g1/sensors/+/temp'), { result: 'allow' });
      assert.deepEqual(await authz('subscribe', 'sensors/#'), { result: 'deny' });
      assert.deepEqual(await authz('publish', 'sensors/a/humidity'), { result: 'deny' });
      assert.deepEqual(await authz('delete', 'sensors/a/temp'), { result: 'deny' });
      assert.deepEqual(await authz('publish', 'sensors/a/temp', 'emqx-other'), { result: 'deny' });
      assert.deepEqual(await authz('publish', 'sensors/a/temp', 'emqx-dev2', `Token|${tenant.keys[0].AccessKeyId}|other`), { result: 'deny' });
    });

    test('forged, revoked and malformed credentials are denied with 200, never an error', async () => {
      const token = await applyToken(['x/#']);
      assertSuccess(await openApiCall(openApiClient(fleet.endpoints[0], tenant.keys[0]), 'RevokeToken', { InstanceId: tenant.instances[0], Token: token }));
      const denied = { result: 'deny', is_superuser: false };
      assert.deepEqual((await emqx('authn', { username, password: `RW|${token}`, clientid: 'c1' })).body, denied);
      assert.deepEqual((await emqx('authn', { username, password: `RW|${token.slice(0, -3)}AAA`, clientid: 'c1' })).body, denied);
      assert.deepEqual((await emqx('authn', { username, password: 'RW', clientid: 'c1' })).body, denied);
      assert.deepEqual((await emqx('authn', { username: 'someone', password: 'RW|x', clientid: 'c1' })).body, denied);
      assert.deepEqual((await emqx('authn', { username, password: `RW|${'A'.repeat(50_000)}`, clientid: 'c1' })).body, denied);
      assert.deepEqual((await emqx('authn', '{"username": [1], "password": {}}')).body, denied);
      assert.deepEqual((await emqx('authn', 'not json')).body, denied);
    });

    test('EMQX must present the key', async () => {
      assert.equal((await post('/broker/emqx/authn', { username, password: 'RW|x', clientid: 'c' })).status, 401);
      assert.equal((await post('/broker/emqx/authz', { username, clientid: 'c', action: 'publish', topic: 't' }, { 'x-functions-key': 'nope' })).status, 401);
      assert.equal((await post('/broker/emqx/authz', { username, clientid: 'c', action: 'publish', topic: 't' }, { 'x-functions-key': KEY })).status, 200);
    });
  });

  describe('Azure Event Grid custom webhook authentication', () => {
    const request = (password, clientId = 'eg-dev1') => ({
      clientId, userName: username, password: Buffer.from(password, 'utf8').toString('base64'),
      authenticationType: 'CustomWebhook', clientCertificate: null,
    });
    const eventGrid = (body, bearer = issuer.token({ audience: AUDIENCE })) =>
      post('/broker/eventgrid/authn', body, bearer ? { authorization: `Bearer ${bearer}` } : {});

    test('a genuine token is allowed with the client id, the grants as attributes and the token\'s expiry', async () => {
      const expireTime = Date.now() + 5 * 3600_000;
      const token = await applyToken(['fleet/+/telemetry', 'fleet/cmd/#'], 'R,W', expireTime);
      const answer = await eventGrid(request(`RW|${token}`));
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, {
        decision: 'allow', clientAuthenticationName: 'eg-dev1',
        attributes: {
          accessKeyId: tenant.keys[0].AccessKeyId, canPublish: 'true', canSubscribe: 'true', instanceId: tenant.instances[0],
          publishFilters: 'fleet/+/telemetry,fleet/cmd/#', subscribeFilters: 'fleet/+/telemetry,fleet/cmd/#',
        },
        expiration: Math.floor(expireTime / 1000),
      });
    });

    test('invalid device credentials are a deny with a reason that reveals nothing', async () => {
      const answer = await eventGrid(request('RW|forged'));
      assert.deepEqual(answer.body, { decision: 'deny', errorReason: 'The credentials are not valid.' });
      const notBase64 = await eventGrid({ clientId: 'eg', userName: username, password: '%%%' });
      assert.equal(notBase64.body.decision, 'deny');
    });

    test('a call without a valid Entra ID token for the audience and tenant is refused', async () => {
      const token = await applyToken(['fleet/#']);
      const body = request(`RW|${token}`);
      const cases = {
        'no token': null,
        'wrong audience': issuer.token({ audience: 'api://someone-else' }),
        'wrong issuer': issuer.token({ audience: AUDIENCE, issuer: 'https://login.microsoftonline.com/another-tenant/v2.0' }),
        expired: issuer.token({ audience: AUDIENCE, expiresIn: -600 }),
        'signed by another key': issuer.token({ audience: AUDIENCE, signedBy: issuer.strangerKey }),
      };
      for (const [name, bearer] of Object.entries(cases)) {
        const answer = await eventGrid(body, bearer);
        assert.equal(answer.status, 401, name);
        assert.equal(answer.body, null, name);
      }
      assert.equal((await eventGrid(body, issuer.token({ audience: AUDIENCE, issuer: `https://sts.windows.net/${TENANT}/` }))).body.decision, 'allow');
    });
  });
});
