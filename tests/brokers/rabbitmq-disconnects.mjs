// RevokeToken closes the RabbitMQ connections that presented the token (docs/brokers.md,
// "Disconnects"), registered into rabbitmq.test.mjs's suite so that they share its broker. No
// timing is asserted here beyond generous bounds for "it happened": the latency is measured by
// `./bench.sh --disconnects`.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { sleep } from '../conformance/harness.mjs';
import { closes, nextMessage } from './broker-fleet.mjs';
import { REFUSED } from './rabbitmq-refusals.mjs';

/** Resolves once `probe()` is true, polling; rejects with `what` after `ms`. */
async function eventually(what, probe, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(200);
  }
}

/** Registers the disconnect tests; `worldOf()` gives the suite's BrokerFleet once its `before` has run. */
export function disconnectsOnRevocation(worldOf) {
  describe('a revocation closes the connections that presented the token', () => {
    let world;

    before(() => {
      world = worldOf();
    });

    const device = async (resources = ['fleet/#']) => {
      const token = await world.applyToken({ resources });
      return { token, client: await world.connect({ password: `RW|${token}` }) };
    };

    test('RevokeToken closes that device\'s connection and no other of the same username; its reconnect is refused', async () => {
      const [revoked, neighbour, sibling] = await Promise.all([device(), device(), device()]);
      // The neighbour presents the revoked token's sibling and the same username: a whole fleet shares it.
      assert.equal(revoked.client.options.username, neighbour.client.options.username);
      const closed = closes(revoked.client, 15_000);

      await world.revoke(revoked.token);
      assert.equal(await closed, true, 'the revoked device is still connected');

      await sleep(1500);
      for (const other of [neighbour, sibling]) {
        assert.equal(other.client.connected, true, 'a device whose token was not revoked was disconnected');
      }
      await neighbour.client.subscribeAsync('fleet/neighbour', { qos: 1 });
      const received = nextMessage(neighbour.client);
      await sibling.client.publishAsync('fleet/neighbour', 'still here', { qos: 1 });
      assert.deepEqual(await received, { topic: 'fleet/neighbour', payload: 'still here' });

      assert.equal(await world.connectOutcome({ password: `RW|${revoked.token}` }), REFUSED);
      await eventually('the pending disconnect is removed once done', async () => (await world.pendingDisconnects()).length === 0);
      assert.ok(await world.fleet.revocation(world.instance, revoked.token), 'the revocation record is missing');
    });

    test('a device revoked right after its CONNECT is closed too, although the management API lists it late', async () => {
      const { token, client } = await device();
      const closed = closes(client, 15_000);
      await world.revoke(token);
      assert.equal(await closed, true);
    });

    test('100 revocations at once close their 100 devices and leave the others connected', async () => {
      const revoked = await Promise.all(Array.from({ length: 100 }, () => device(['hundred/#'])));
      const kept = await Promise.all(Array.from({ length: 5 }, () => device(['hundred/#'])));
      const closed = revoked.map(({ client }) => closes(client, 30_000));

      await Promise.all(revoked.map(({ token }) => world.revoke(token)));
      const results = await Promise.all(closed);
      assert.equal(results.filter(Boolean).length, 100, `${results.filter((r) => !r).length} revoked devices are still connected`);
      await sleep(1000);
      assert.deepEqual(kept.map(({ client }) => client.connected), [true, true, true, true, true]);
    });

    test('with the management API down, RevokeToken still answers, and the connection is closed once the API is back', async () => {
      const { token, client } = await device();
      await world.managementApi.down();
      try {
        const started = Date.now();
        await world.revoke(token);
        const answeredIn = Date.now() - started;
        await sleep(2500);
        assert.equal(client.connected, true, 'closed although the management API was down');
        assert.equal((await world.pendingDisconnects()).length, 1, 'the pending disconnect is not stored');
        console.log(`# RevokeToken answered in ${answeredIn} ms with the management API down`);
      } finally {
        await world.managementApi.up();
      }
      assert.equal(await closes(client, 40_000), true, 'not closed after the management API came back');
      await eventually('the pending disconnect is removed once done', async () => (await world.pendingDisconnects()).length === 0);
    });

    test('with the management API hanging, RevokeToken still answers, and the connection is closed once the API answers again', async () => {
      const { token, client } = await device();
      await world.managementApi.stall();
      try {
        await world.revoke(token);
        // Longer than the service's 3 s timeout per request to the API: at least one try timed out.
        await sleep(4000);
        assert.equal(client.connected, true, 'closed although the management API was hanging');
        assert.equal((await world.pendingDisconnects()).length, 1, 'the pending disconnect is not stored');
      } finally {
        await world.managementApi.up();
      }
      assert.equal(await closes(client, 40_000), true, 'not closed after the management API answered again');
      await eventually('the pending disconnect is removed once done', async () => (await world.pendingDisconnects()).length === 0);
    });

    test('a service process killed with a disconnect pending: its restart closes the connection', async () => {
      const { token, client } = await device();
      await world.managementApi.down();
      try {
        await world.revoke(token);
        // Killed at once (SIGKILL): after the 200 and its commit, before any close could reach the broker.
        const old = world.fleet.endpoints[1];
        await new Promise((resolve) => { old.child.once('exit', resolve); old.child.kill('SIGKILL'); });
      } finally {
        await world.managementApi.up();
      }
      // No process that is alive knows about it: the first process has no management API.
      await sleep(2500);
      assert.equal(client.connected, true);
      assert.equal((await world.pendingDisconnects()).length, 1);

      await world.fleet.killAndRestartService(1);
      assert.equal(await closes(client, 40_000), true, 'not closed after the restart');
      await eventually('the pending disconnect is removed once done', async () => (await world.pendingDisconnects()).length === 0);
    });
  });
}
