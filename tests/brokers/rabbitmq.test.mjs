// RabbitMQ 3.10 with rabbitmq_auth_backend_http asks the service at CONNECT and for every
// resource and topic (docs/contract.md §8); real MQTT 3.1.1 clients drive it. One broker for the whole file.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { sleep } from '../conformance/harness.mjs';
import { ADMIN, closes, nextMessage, startBrokerFleet } from './broker-fleet.mjs';
import { disconnectsOnRevocation } from './rabbitmq-disconnects.mjs';
import { REFUSED, refusedAtConnect } from './rabbitmq-refusals.mjs';

describe('RabbitMQ asks the service whether devices may connect, publish and subscribe', () => {
  let world;
  let shortLived;
  let shortLivedExpiry;
  let heldUntilExpiry;
  let heldClosedAt;

  before(async () => {
    world = await startBrokerFleet();
    // ApplyToken issues nothing shorter than 60 s: this one expires while the file runs, and is
    // checked at the end (connected now, refused and purged then).
    shortLivedExpiry = Date.now() + 61_000;
    shortLived = await world.applyToken({ resources: ['short/#'], expireTime: shortLivedExpiry });
    await (await world.connect({ clientId: 'short-lived', password: `RW|${shortLived}` })).endAsync();
    // This one stays connected: the service closes it at the token's expiry.
    heldUntilExpiry = await world.connect({ clientId: 'short-lived-held', password: `RW|${shortLived}` });
    heldUntilExpiry.once('close', () => { heldClosedAt = Date.now(); });
  });

  after(async () => {
    await world?.stop();
  });

  test('a genuine token connects, and its session stores token hashes and grants, never the token', async () => {
    const token = await world.applyToken({ resources: ['devices/d1/#'], actions: 'R,W' });
    const client = await world.connect({ clientId: 'genuine-1', password: `RW|${token}` });
    assert.equal(client.connected, true);
    await client.endAsync();

    const rows = await world.sessionRows();
    assert.ok(!JSON.stringify(rows).includes(token), 'a token was stored');
    const session = rows.find((row) => row.PartitionKey.startsWith('c|') && row.ClientId === 'genuine-1');
    assert.ok(session, 'no session row for the client');
    assert.equal(session.Broker, 'rabbitmq');
    assert.equal(session.InstanceId, world.instance);
    assert.equal(session.AccessKeyId, world.key.AccessKeyId);
    assert.equal(session.AccountId, world.tenant.accountId);
    assert.equal(session.Grants, 'RW\tdevices/d1/#');
    const [hash] = session.TokenHashes.split(',');
    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.ok(rows.some((row) => row.PartitionKey === `t|${hash}` && row.ClientId === 'genuine-1'),
      'no token index row: a revocation could not find the connection');
  });

  test('two tokens listed as R and W connect together', async () => {
    const reader = await world.applyToken({ resources: ['pairs/in'], actions: 'R' });
    const writer = await world.applyToken({ resources: ['pairs/out'], actions: 'W' });
    assert.equal(await world.connectOutcome({ password: `R|${reader}|W|${writer}` }), 'connected');
  });

  refusedAtConnect(() => world);

  disconnectsOnRevocation(() => world);

  describe('publish and subscribe', () => {
    test('a publish within W reaches a subscriber within R, end to end', async () => {
      const readToken = await world.applyToken({ resources: ['plant/+/temperature'], actions: 'R' });
      const writeToken = await world.applyToken({ resources: ['plant/line1/temperature'], actions: 'W' });
      const subscriber = await world.connect({ password: `R|${readToken}` });
      const [granted] = await subscriber.subscribeAsync('plant/+/temperature', { qos: 1 });
      assert.equal(granted.qos, 1);
      const publisher = await world.connect({ password: `W|${writeToken}` });

      const received = nextMessage(subscriber);
      await publisher.publishAsync('plant/line1/temperature', '21.5', { qos: 1 });
      assert.deepEqual(await received, { topic: 'plant/line1/temperature', payload: '21.5' });
      assert.equal(publisher.connected, true);
    });

    test('a publish outside W closes the publisher connection and reaches no one', async () => {
      const token = await world.applyToken({ resources: ['zone/a/#'], actions: 'R,W' });
      const subscriber = await world.connect({ password: `RW|${token}` });
      await subscriber.subscribeAsync('zone/a/#', { qos: 1 });
      const publisher = await world.connect({ password: `W|${await world.applyToken({ resources: ['zone/b/#'], actions: 'W' })}` });

      const received = nextMessage(subscriber, 1500);
      const closed = closes(publisher);
      publisher.publish('zone/a/secret', 'nope', { qos: 1 });
      assert.equal(await closed, true, 'the broker kept the connection of a forbidden publish');
      assert.equal(await received, null);
    });

    test('a subscription within R is granted; one outside R is refused and RabbitMQ closes the connection', async () => {
      const token = await world.applyToken({ resources: ['own/#'], actions: 'R' });
      const client = await world.connect({ password: `R|${token}` });
      const granted = await client.subscribeAsync(['own/x', 'own/+/y'], { qos: 1 });
      assert.deepEqual(granted.map((g) => [g.topic, g.qos]), [['own/x', 1], ['own/+/y', 1]]);

      for (const filter of ['other/x', '#', 'owner/x']) {
        const refused = await world.connect({ password: `R|${token}` });
        const closed = closes(refused);
        const suback = await refused.subscribeAsync(filter, { qos: 1 }).then((g) => g.map((x) => x.qos), (e) => e.message);
        assert.equal(await closed, true, `the broker kept a connection that subscribed to ${filter} (${suback})`);
        assert.notDeepEqual(suback, [1], `${filter} was granted`);
      }
    });

    test('a token listed as R does not let the client publish, even when it grants W', async () => {
      const token = await world.applyToken({ resources: ['listed/#'], actions: 'R,W' });
      const client = await world.connect({ password: `R|${token}` });
      const closed = closes(client);
      client.publish('listed/x', 'nope', { qos: 1 });
      assert.equal(await closed, true);
    });

    test('topics with UTF-8 levels are authorized and delivered', async () => {
      const token = await world.applyToken({ resources: ['工厂/温度/#', 'café/ñ'], actions: 'R,W' });
      const client = await world.connect({ password: `RW|${token}` });
      await client.subscribeAsync(['工厂/温度/#', 'café/ñ'], { qos: 1 });
      const first = nextMessage(client);
      await client.publishAsync('工厂/温度/一号', 'ok', { qos: 1 });
      assert.deepEqual(await first, { topic: '工厂/温度/一号', payload: 'ok' });
      const second = nextMessage(client);
      await client.publishAsync('café/ñ', 'olé', { qos: 1 });
      assert.deepEqual(await second, { topic: 'café/ñ', payload: 'olé' });
    });

    test('a "." in a topic is a level separator on RabbitMQ, for the broker and the checks alike', async () => {
      // The MQTT plugin routes a.b and a/b as one routing key and delivers both as a/b.
      const token = await world.applyToken({ resources: ['dots/a/b'], actions: 'R,W' });
      const client = await world.connect({ password: `RW|${token}` });
      await client.subscribeAsync('dots/a/b', { qos: 1 });
      const received = nextMessage(client);
      await client.publishAsync('dots/a.b', 'dotted', { qos: 1 });
      assert.deepEqual(await received, { topic: 'dots/a/b', payload: 'dotted' });

      // A granted "x.y" covers what the broker routes as x/y.
      const dotted = await world.applyToken({ resources: ['dots/x.y'], actions: 'W' });
      const writer = await world.connect({ password: `W|${dotted}` });
      await writer.publishAsync('dots/x/y', 'slashed', { qos: 1 });
      assert.equal(writer.connected, true);
    });
  });

  describe('the MQTT plugin\'s own resources', () => {
    test('a client may use its own subscription queues and the exchange, and not another client id\'s queues', async () => {
      const token = await world.applyToken({ resources: ['queues/#'] });
      const client = await world.connect({ clientId: 'queue-owner', password: `RW|${token}` });
      const base = { username: world.username(), vhost: '/', client_id: 'queue-owner' };
      const ask = async (resource, name, permission, fields = base) =>
        (await world.check('resource', { ...fields, resource, name, permission })).text;

      for (const permission of ['configure', 'read', 'write']) {
        assert.equal(await ask('queue', 'mqtt-subscription-queue-ownerqos1', permission), 'allow');
        assert.equal(await ask('queue', 'mqtt-subscription-queue-ownerqos0', permission), 'allow');
        assert.equal(await ask('queue', 'mqtt-subscription-neighbourqos1', permission), 'deny');
      }
      assert.equal(await ask('exchange', 'amq.topic', 'write'), 'allow');
      assert.equal(await ask('exchange', 'amq.topic', 'configure'), 'deny');
      assert.equal(await ask('exchange', 'amq.direct', 'write'), 'deny');
      assert.equal(await ask('queue', 'some-queue', 'read'), 'deny');
      // A client id with no live session under that username gets nothing, its own queue included.
      assert.equal(await ask('queue', 'mqtt-subscription-strangerqos1', 'read', { ...base, client_id: 'stranger' }), 'deny');
      assert.equal((await world.check('vhost', { ...base, vhost: 'other' })).text, 'deny');
      assert.equal((await world.check('vhost', base)).text, 'allow');
      await client.endAsync();
    });
  });

  describe('the broker\'s own credential', () => {
    test('the endpoints refuse a call without the broker key, and accept ?code= or x-functions-key', async () => {
      const fields = { username: world.username(), password: 'RW|x', client_id: 'k' };
      assert.equal((await world.check('user', fields, { key: null })).status, 401);
      assert.equal((await world.check('user', fields, { key: 'wrong' })).status, 401);
      assert.deepEqual(await world.check('user', fields), { status: 200, text: 'deny' });
      assert.deepEqual(await world.check('user', fields, { header: true }), { status: 200, text: 'deny' });
    });

    test('the configured management user is an administrator, with its password only', async () => {
      const answer = (password) => world.check('user', { username: ADMIN.username, password });
      assert.deepEqual(await answer(ADMIN.password), { status: 200, text: 'allow administrator management' });
      assert.deepEqual(await answer(ADMIN.password + 'x'), { status: 200, text: 'deny' });
      const overview = await fetch(`http://127.0.0.1:${world.rabbit.managementPort}/api/whoami`, {
        headers: { authorization: 'Basic ' + Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64') },
      });
      assert.equal(overview.status, 200);
      assert.equal((await overview.json()).name, ADMIN.username);
    });
  });

  test('a connection whose token expires is closed by the service at the expiry, not before', async () => {
    assert.equal(await closes(heldUntilExpiry, Math.max(0, shortLivedExpiry - Date.now()) + 10_000), true, 'still connected after its token expired');
    // Tokens carry whole seconds: the expiry the service knows is at most 1 s before the one asked for.
    assert.ok(heldClosedAt >= shortLivedExpiry - 1000, `closed ${shortLivedExpiry - heldClosedAt} ms before the expiry`);
    console.log(`# the expired token's connection was closed ${heldClosedAt - shortLivedExpiry} ms after its expiry`);
  });

  test('a token that expires is refused from then on, and tokenctl purge removes its session', async () => {
    // The purge works in whole seconds: one more second past the expiry.
    const wait = shortLivedExpiry + 1500 - Date.now();
    if (wait > 0) await sleep(wait);
    assert.equal(await world.connectOutcome({ clientId: 'short-lived', password: `RW|${shortLived}` }), REFUSED);
    assert.ok((await world.sessionRows()).some((row) => row.ClientId === 'short-lived'));

    const report = await world.fleet.tokenctl('purge');
    assert.ok(report.Sessions >= 1, JSON.stringify(report));
    const rows = await world.sessionRows();
    assert.equal(rows.filter((row) => row.ClientId === 'short-lived').length, 0, 'the expired session or its token row was kept');
    assert.ok(rows.some((row) => row.ClientId === 'genuine-1'), 'a live session was purged');
  });
});
