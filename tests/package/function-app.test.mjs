// The published package driven as the Functions host drives it (tests/FunctionsHostHarness): the
// zip unzipped, its worker started with the host's arguments and environment, the worker protocol
// (StartStream, init, worker indexing, load, invocations), HTTP proxied to the worker's own
// listener with x-ms-invocation-id. Through it, Alibaba Cloud's clients used unmodified, and the
// same signed calls sent to the standalone server of the same fleet (same store, same keys):
// both hosts must answer byte for byte the same, RequestId and HostId aside.
//
// Needs: ./publish.sh and the Release build (./test.sh does both first). The purge test waits for
// a record seeded at the start to expire (ApplyToken's 60-second minimum lead, plus a margin), so the file takes
// about a minute whatever the machine.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  assertSuccess, isRequestId, openApiCall, openApiClient, popCall, popClient, randomToken, sleep, startFleet, timestamp,
} from '../conformance/harness.mjs';
import { formEncode, signedParameters } from '../conformance/v1-signer.mjs';
import { comparable, raw, sendSigned } from './answers.mjs';
import { startFunctionApp, unzipPackage } from './function-host.mjs';

const QUERY_LIMIT = 2;
// pop-core gives up after 3 s by default; a first call through a worker that was just started
// (JIT, a busy machine) may take longer, and a timeout is not what these tests are about.
const POP = { timeout: 30_000 };
const BURST = 50;

describe('the published function app under the Functions host protocol', () => {
  let fleet;
  let app;
  let server;
  let tenant;
  let instance;
  let key;
  let seeded;

  before(async () => {
    fleet = await startFleet({ services: 1, env: { RateLimit__QueryToken: String(QUERY_LIMIT) } });
    server = fleet.endpoints[0];
    app = await startFunctionApp(fleet, unzipPackage());
    tenant = await fleet.createTenant({ instances: 1 });
    [instance] = tenant.instances;
    [key] = tenant.keys;

    // The record the timer purges: a genuine token that expires as soon as ApplyToken allows,
    // revoked through the function app, so its record is kept exactly until then.
    // (A margin over the 60 s minimum: the first signed call of a fresh worker can take seconds.)
    const expiresAt = Date.now() + 70_000;
    const applied = await popCall(popClient(app, key), 'ApplyToken', {
      InstanceId: instance, Resources: 'devices/+/telemetry', Actions: 'R', ExpireTime: String(expiresAt),
    }, POP);
    assertSuccess(applied);
    assertSuccess(await popCall(popClient(app, key), 'RevokeToken', { InstanceId: instance, Token: applied.body.Token }, POP));
    seeded = { token: applied.body.Token, expiresAt };
  });

  after(async () => {
    await app?.stop();
    await fleet?.stop();
  });

  /** The store's rows of this fleet's Ledger table whose row key starts with `prefix`. */
  async function ledgerRows(prefix) {
    const rows = await fleet.storeSnapshot();
    return [...rows.keys()].filter((row) => {
      const [table, , rowKey] = row.split(' | ');
      return table.endsWith('Ledger') && rowKey.startsWith(prefix);
    });
  }

  test('the worker is started as the host starts it and goes through the whole protocol', () => {
    const log = app.log();
    assert.match(log, /starting dotnet \S+\/TokenService\.Functions\.dll --host 127\.0\.0\.1 --port \d+ --workerId \S+ --requestId \S+ --grpcMaxMessageLength 2147483647 --functions-uri http:\/\/127\.0\.0\.1:\d+\/ --functions-worker-id \S+ --functions-request-id \S+ --functions-grpc-max-message-length 2147483647/);
    const steps = ['<- StartStream', '-> WorkerInitRequest', '<- WorkerInitResponse', '-> FunctionsMetadataRequest', '<- FunctionMetadataResponse', '<- FunctionLoadResponse', '] loaded '];
    let at = 0;
    for (const step of steps) {
      const found = log.indexOf(step, at);
      assert.ok(found >= 0, `"${step}" is missing after position ${at} of the harness log:\n${log.slice(0, 6000)}`);
      at = found;
    }
    const loaded = /\] loaded (.*) \d+ ms after/.exec(log)?.[1] ?? '';
    assert.ok(loaded.includes('Rpc (httpTrigger)') && loaded.includes('PurgeExpired (timerTrigger)'), `loaded: ${loaded}`);
    // ASP.NET Core integration: the worker names its own listener, and the host proxies to it.
    assert.match(log, /capabilities: .*HttpUri=http:\/\/(localhost|127\.0\.0\.1):\d+\//);
    assert.match(log, /routes: [^)]*\/\{\*route\}\), forwarding to http:\/\/(localhost|127\.0\.0\.1):\d+\//);
    assert.match(log, /Executing endpoint 'Rpc'/, 'no invocation of Rpc went through the worker');
  });

  test('a RevokeToken signed by pop-core is answered 200 and its record is stored in the Ledger table', async () => {
    const token = randomToken('pkg');
    const before = await ledgerRows(`r|${instance}|`);

    const result = await popCall(popClient(app, key), 'RevokeToken', { InstanceId: instance, Token: token }, POP);

    assertSuccess(result);
    assert.deepEqual(Object.keys(result.body), ['RequestId']);
    const added = (await ledgerRows(`r|${instance}|`)).filter((row) => !before.includes(row));
    assert.equal(added.length, 1, `expected one new revocation row, got ${JSON.stringify(added)}`);
    const record = await fleet.revocation(instance, token);
    assert.equal(record?.RequestId, result.body.RequestId);
    assert.equal(record.AccessKeyId, key.AccessKeyId);
  });

  test(`a concurrent burst of ${BURST} RevokeToken calls is answered in full, every record stored`, async () => {
    const before = await ledgerRows(`r|${instance}|`);
    const tokens = Array.from({ length: BURST }, (_, n) => randomToken(`burst${n}`));

    const results = await Promise.all(tokens.map((token) => popCall(popClient(app, key), 'RevokeToken', { InstanceId: instance, Token: token }, POP)));

    results.forEach(assertSuccess);
    assert.equal(new Set(results.map((r) => r.body.RequestId)).size, BURST, 'RequestIds repeat');
    const added = (await ledgerRows(`r|${instance}|`)).filter((row) => !before.includes(row));
    assert.equal(added.length, BURST);
  });

  test("the revocation record keeps the caller's address the host saw, not an X-Forwarded-For the caller wrote", async () => {
    // The host forwards to the worker with YARP's defaults (X-Forwarded-For set to the address it
    // saw) and the worker's ASP.NET Core integration applies it; a value the client sent is gone.
    const token = randomToken('xff');
    const signed = signedParameters({ action: 'RevokeToken', credentials: key, parameters: { InstanceId: instance, Token: token } });
    const response = await fetch(`${app.url}/`, {
      method: 'POST',
      body: formEncode(signed),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.7' },
    });
    assert.equal(response.status, 200, await response.text());
    assert.equal((await fleet.revocation(instance, token))?.ClientAddress, '127.0.0.1');
  });

  describe('the same signed calls through the function app and through the standalone server', () => {
    /**
     * Sends the call to each host and resolves both raw answers. Signed twice (a nonce each), as a
     * call that succeeds stores its nonce; a failing call stores nothing, so with `identical` the
     * very same request goes to both (an answer may echo the request, e.g. the string to sign).
     */
    async function both(action, parameters = {}, { method = 'POST', credentials = key, identical = false } = {}) {
      const sign = () => signedParameters({ method, action, credentials, parameters: { InstanceId: instance, ...parameters } });
      const first = sign();
      return { server: await sendSigned(server, first, method), app: await sendSigned(app, identical ? first : sign(), method) };
    }

    function assertSame(answers, status) {
      assert.equal(answers.server.status, status, `the standalone server answered ${answers.server.status}: ${answers.server.text}`);
      assert.deepEqual(comparable(answers.app), comparable(answers.server));
      assert.ok(isRequestId(answers.app.headers['x-acs-request-id']));
    }

    test('RevokeToken success, JSON', async () => {
      assertSame(await both('RevokeToken', { Token: randomToken() }), 200);
    });

    test('RevokeToken success, XML', async () => {
      const answers = await both('RevokeToken', { Token: randomToken(), Format: 'XML' });
      assertSame(answers, 200);
      assert.match(answers.app.text, /^<\?xml version="1\.0" encoding="utf-8"\?><RevokeTokenResponse><RequestId>/);
    });

    test('QueryToken success, GET with the parameters in the query', async () => {
      assertSame(await both('QueryToken', { Token: randomToken() }, { method: 'GET' }), 200);
    });

    test('an XML error is answered exactly as the standalone server answers it', async () => {
      const answers = await both('RevokeToken', { Format: 'XML' }, { identical: true });
      assertSame(answers, 400);
      assert.equal(answers.app.headers['content-type'], 'text/xml;charset=utf-8');
      assert.match(answers.app.text, /<Error><RequestId>[0-9A-F-]{36}<\/RequestId><HostId>[^<]+<\/HostId><Code>InvalidParameter\.Token<\/Code>/);
    });

    test('error codes: unknown AccessKey, wrong secret, stale timestamp, foreign instance, bad Format', async () => {
      const cases = [
        [{ Token: randomToken() }, { credentials: { AccessKeyId: 'LTAI5tNoSuchKey0000000000', AccessKeySecret: 'x' } }, 404, 'InvalidAccessKeyId.NotFound'],
        [{ Token: randomToken() }, { credentials: { ...key, AccessKeySecret: key.AccessKeySecret + 'x' } }, 400, 'SignatureDoesNotMatch'],
        [{ Token: randomToken(), Timestamp: timestamp(-20 * 60_000) }, {}, 400, 'InvalidTimeStamp.Expired'],
        [{ Token: randomToken(), InstanceId: 'mqtt-not-this-account' }, {}, 400, 'InstancePermissionCheckFailed'],
        [{ Token: randomToken(), Format: 'YAML' }, {}, 400, 'InvalidParameter.Format'],
      ];
      for (const [parameters, options, status, code] of cases) {
        const answers = await both('RevokeToken', parameters, { ...options, identical: true });
        assertSame(answers, status);
        assert.equal(JSON.parse(answers.app.text).Code, code);
      }
    });

    test('UnsupportedHTTPMethod for GET RevokeToken', async () => {
      const answers = await both('RevokeToken', { Token: randomToken() }, { method: 'GET', identical: true });
      assertSame(answers, 400);
      assert.equal(JSON.parse(answers.app.text).Code, 'UnsupportedHTTPMethod');
    });

    test('a replayed nonce is SignatureNonceUsed on both', async () => {
      const replay = async (endpoint) => {
        const signed = signedParameters({ action: 'RevokeToken', credentials: key, parameters: { InstanceId: instance, Token: randomToken() } });
        assert.equal((await sendSigned(endpoint, signed)).status, 200);
        return sendSigned(endpoint, signed);
      };
      assertSame({ server: await replay(server), app: await replay(app) }, 400);
    });

    test('a throttled call carries the same Retry-After', async () => {
      const own = await fleet.createTenant({ instances: 1 });
      const burst = async (endpoint) => {
        const answers = await Promise.all(Array.from({ length: QUERY_LIMIT * 3 }, () => sendSigned(endpoint,
          signedParameters({ action: 'QueryToken', credentials: own.keys[0], parameters: { InstanceId: own.instances[0], Token: randomToken() } }))));
        const throttled = answers.find((a) => a.status === 400);
        assert.ok(throttled, `no call of ${answers.length} was throttled: ${answers.map((a) => a.status)}`);
        return throttled;
      };
      const fromServer = await burst(server);
      await sleep(1100);
      const answers = { server: fromServer, app: await burst(app) };
      assertSame(answers, 400);
      assert.equal(JSON.parse(answers.app.text).Code, 'QueryTokenOverFlow');
      assert.match(answers.app.headers['retry-after'], /^[1-9][0-9]*$/);
    });

    test('an unknown path and an unsigned call to the root', async () => {
      for (const [path, init] of [['/nope', { method: 'POST' }], ['/favicon.ico', {}], ['/', {}], ['/?Format=XML', { method: 'DELETE' }]]) {
        const answers = { server: await raw(await fetch(server.url + path, init)), app: await raw(await fetch(app.url + path, init)) };
        assert.deepEqual(comparable(answers.app), comparable(answers.server), `${init.method ?? 'GET'} ${path}`);
      }
    });

    test('V3 (ACS3-HMAC-SHA256, Host signed) through openapi-client: success and error alike', async () => {
      const call = (endpoint, parameters) => openApiCall(openApiClient(endpoint, key), 'RevokeToken', { InstanceId: instance, ...parameters });
      const normalized = ({ status, code, body }) => ({ status, code, body: { ...body, RequestId: '<RequestId>', ...(body.HostId ? { HostId: '<HostId>' } : {}) } });
      for (const parameters of [{ Token: randomToken() }, {}]) {
        const [fromServer, fromApp] = [await call(server, parameters), await call(app, parameters)];
        assert.deepEqual(normalized(fromApp), normalized(fromServer));
      }
      assertSuccess(await call(app, { Token: randomToken() }));
    });
  });

  test('a timer invocation through the admin endpoint purges the expired record, and only it', async () => {
    const record = await fleet.revocation(instance, seeded.token);
    assert.ok(record, 'the seeded revocation record is missing before the purge');
    await sleep(Math.max(0, seeded.expiresAt + 1500 - Date.now()));
    const before = await ledgerRows(`r|${instance}|`);

    const response = await fetch(`${app.url}/admin/functions/PurgeExpired`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input":""}' });
    const result = await response.json();

    assert.equal(response.status, 200, JSON.stringify(result));
    assert.equal(result.status, 'Success');
    assert.equal(await fleet.revocation(instance, seeded.token), null, 'the expired record is still there');
    const after = await ledgerRows(`r|${instance}|`);
    assert.equal(before.length - after.length, 1, 'the purge removed more than the expired record');
    assert.match(app.log(), /PurgeExpiredFunction: Purged \d+ nonces and 1 revocations in \d+ accounts/);
  });
});
