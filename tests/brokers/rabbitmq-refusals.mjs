// The CONNECTs RabbitMQ must refuse, registered into rabbitmq.test.mjs's suite so that they share
// its broker (one node per test file: starting one costs about 15 s).

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { before, describe, test } from 'node:test';

import { sleep } from '../conformance/harness.mjs';
import { mintToken } from './token-minter.mjs';

// RabbitMQ 3.10 answers a refused login with CONNACK 4 ("bad user name or password").
export const REFUSED = 4;

/** Registers the refusals; `worldOf()` gives the suite's BrokerFleet once its `before` has run. */
export function refusedAtConnect(worldOf) {
  describe('refused at CONNECT', () => {
    let world;
    let genuine;

    before(async () => {
      world = worldOf();
      genuine = await world.applyToken({ resources: ['refused/#'] });
    });

    test('a forged token (signature changed) is refused', async () => {
      const forged = genuine.slice(0, -2) + (genuine.endsWith('AA') ? 'BA' : 'AA');
      assert.equal(await world.connectOutcome({ password: `RW|${forged}` }), REFUSED);
    });

    test('a token signed by another key is refused', async () => {
      const foreign = mintToken({ Tokens__CurrentKeyId: 't1', Tokens__SigningKeys__t1: otherSigningKey() }, {
        instanceId: world.instance, resources: ['refused/#'], issuedAt: Date.now(), expiresAt: Date.now() + 3600_000,
      });
      assert.equal(await world.connectOutcome({ password: `RW|${foreign}` }), REFUSED);
    });

    test('an expired token is refused', async () => {
      const expired = mintToken(world.fleet.env, {
        instanceId: world.instance, resources: ['refused/#'], issuedAt: Date.now() - 7200_000, expiresAt: Date.now() - 1000,
      });
      assert.equal(await world.connectOutcome({ password: `RW|${expired}` }), REFUSED);
    });

    test('a revoked token is refused at the next CONNECT, and by every service process', async () => {
      const token = await world.applyToken({ resources: ['revoked/#'] });
      const fields = { username: world.username(), password: `RW|${token}`, vhost: '/', client_id: 'revoked-1' };
      assert.equal(await world.connectOutcome({ clientId: 'revoked-1', password: `RW|${token}` }), 'connected');
      for (const endpoint of world.fleet.endpoints) {
        assert.equal((await world.check('user', fields, { endpoint })).text, 'allow');
      }

      await world.revoke(token, { endpoint: world.fleet.endpoints[1] });

      assert.equal(await world.connectOutcome({ clientId: 'revoked-1', password: `RW|${token}` }), REFUSED);
      for (const endpoint of world.fleet.endpoints) {
        assert.deepEqual(await world.check('user', fields, { endpoint }), { status: 200, text: 'deny' });
      }
    });

    test('a token of another instance of the account is refused', async () => {
      const token = await world.applyToken({ resources: ['refused/#'], instance: world.sibling });
      assert.equal(await world.connectOutcome({ password: `RW|${token}` }), REFUSED);
    });

    test('a token listed with a type it does not grant is refused', async () => {
      const readOnly = await world.applyToken({ resources: ['refused/#'], actions: 'R' });
      assert.equal(await world.connectOutcome({ password: `W|${readOnly}` }), REFUSED);
      assert.equal(await world.connectOutcome({ password: `RW|${readOnly}` }), REFUSED);
      assert.equal(await world.connectOutcome({ password: `R|${readOnly}` }), 'connected');
    });

    test('a disabled AccessKey in the username is refused', async () => {
      const spare = await world.fleet.createKey(world.tenant.accountId);
      const username = world.username(spare);
      assert.equal(await world.connectOutcome({ username, password: `RW|${genuine}` }), 'connected');
      await world.fleet.disableKey(spare.AccessKeyId);
      await sleep(1100); // the fleet's Directory__CacheSeconds
      assert.equal(await world.connectOutcome({ username, password: `RW|${genuine}` }), REFUSED);
    });

    test('an AccessKey of another account is refused', async () => {
      const username = world.username(world.stranger.keys[0], world.instance);
      assert.equal(await world.connectOutcome({ username, password: `RW|${genuine}` }), REFUSED);
    });

    test('malformed usernames and passwords are refused', async () => {
      const cases = [
        { username: `${world.key.AccessKeyId}|${world.instance}`, password: `RW|${genuine}` },
        { username: `Token|${world.key.AccessKeyId}|${world.instance}|x`, password: `RW|${genuine}` },
        { username: `Token|unknown-key|${world.instance}`, password: `RW|${genuine}` },
        { username: world.username(), password: genuine },
        { username: world.username(), password: `X|${genuine}` },
        { username: world.username(), password: `RW|${genuine}|R` },
        { username: world.username(), password: `RW||R|${genuine}` },
        { username: world.username(), password: 'RW|not-a-token' },
      ];
      for (const credentials of cases) {
        assert.equal(await world.connectOutcome(credentials), REFUSED, JSON.stringify(credentials).slice(0, 120));
      }
    });

    test('oversized passwords (too many tokens, too long) are refused with a deny, not an error', async () => {
      const fiveTokens = Array.from({ length: 5 }, () => `R|${genuine}`).join('|');
      assert.equal(await world.connectOutcome({ password: fiveTokens }), REFUSED);
      const huge = `RW|${'A'.repeat(40_000)}`;
      assert.equal(await world.connectOutcome({ password: huge }), REFUSED);
      assert.deepEqual(await world.check('user', { username: world.username(), password: `RW|${'A'.repeat(60_000)}`, client_id: 'x' }),
        { status: 200, text: 'deny' });
    });
  });
}

function otherSigningKey() {
  return crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
}
