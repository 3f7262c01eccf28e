// RevokeToken's per-account limit (docs/contract.md §6.1: 5 calls per second per account, all keys and
// instances together, across every service instance): a burst through pop-core, spread over
// two keys, two instances and two service processes.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { isRequestId, popCall, popClient, randomToken, startFleet, UsageTracker } from './harness.mjs';

const LIMIT = 5;
const BURST = 40;

describe('RevokeToken rate limit', () => {
  let fleet;
  let usage;
  let tenant;

  before(async () => {
    fleet = await startFleet({ services: 2, env: { RateLimit__RevokeToken: String(LIMIT) } });
    tenant = await fleet.createTenant({ instances: 2, keys: [{}, {}] });
    usage = new UsageTracker(fleet);
    usage.startAtZero(...tenant.instances);
  });

  after(async () => {
    await fleet?.stop();
  });

  test(`a burst of ${BURST} calls of one account admits at most ${LIMIT} per second; the rest are RevokeTokenOverFlow with Retry-After and write nothing`, async () => {
    const calls = Array.from({ length: BURST }, (_, n) => ({
      token: randomToken(`burst${n}`),
      instance: tenant.instances[n % 2],
      client: popClient(fleet.endpoints[(n >> 1) % 2], tenant.keys[(n >> 2) % 2]),
    }));
    const results = await Promise.all(calls.map((call) =>
      popCall(call.client, 'RevokeToken', { InstanceId: call.instance, Token: call.token })));

    const admitted = [];
    const throttled = [];
    results.forEach((result, n) => {
      if (result.status === 200) {
        admitted.push(calls[n]);
      } else {
        assert.equal(result.code, 'RevokeTokenOverFlow', `call ${n}: ${result.status} ${JSON.stringify(result.body)}`);
        assert.equal(result.status, 400);
        assert.ok(isRequestId(result.body.RequestId));
        const retryAfter = result.headers['retry-after'];
        assert.match(String(retryAfter), /^[1-9][0-9]*$/, `Retry-After should be whole seconds, got ${retryAfter}`);
        throttled.push(calls[n]);
      }
    });
    assert.ok(admitted.length >= 1, 'nothing was admitted');
    assert.ok(throttled.length >= 1, `all ${BURST} calls were admitted`);

    // Metering: exactly the admitted calls, and never more than the limit in any second for the
    // account (both instances together).
    const reports = await Promise.all(tenant.instances.map((id) => fleet.tokenctl('usage', '--instance', id)));
    const perSecond = new Map();
    for (const report of reports) {
      for (const { Second, Calls } of report.PerSecond) perSecond.set(Second, (perSecond.get(Second) ?? 0) + Calls);
    }
    for (const [second, count] of perSecond) {
      assert.ok(count <= LIMIT, `${count} calls admitted in ${second} (limit ${LIMIT})`);
    }
    const total = reports.reduce((sum, report) => sum + report.Total, 0);
    const previous = tenant.instances.reduce((sum, id) => sum + usage.known.get(id), 0);
    assert.equal(total - previous, admitted.length, 'the usage total should grow by the admitted calls only');

    // Records: a sample of each side (each look-up is a tokenctl process).
    for (const call of admitted.slice(0, 2)) {
      assert.ok(await fleet.revocation(call.instance, call.token), `no record for admitted ${call.token}`);
    }
    for (const call of throttled.slice(0, 3)) {
      assert.equal(await fleet.revocation(call.instance, call.token), null, `a record for throttled ${call.token}`);
    }
  });
});
