// The broker benchmark: CONNECT checks and topic checks through the standalone server, against
// the raw storage requests a CONNECT needs sent by the same client in the same run, and devices
// connected per second through a real RabbitMQ. `node bench/brokers/run.mjs [--seconds N]
// [--concurrency N] [--devices N] [--out FILE]`. Build first (dotnet build Functions.sln -c Release).

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';

import { assertSuccess, openApiCall, openApiClient, startFleet } from '../../tests/conformance/harness.mjs';
import { parseConnectionString } from '../../tests/conformance/store-snapshot.mjs';
import { startRabbitMq } from '../../tests/brokers/rabbitmq-node.mjs';
import { measure } from './measure.mjs';
import { rawStore } from './raw-store.mjs';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '16' },
    devices: { type: 'string', default: '300' }, out: { type: 'string' },
  },
});
const load = { seconds: Number(args.seconds), concurrency: Number(args.concurrency) };
const key = crypto.randomBytes(24).toString('base64url');

const fleet = await startFleet({ env: { Brokers__Key: key, Directory__CacheSeconds: '5' } });
let rabbit;
try {
  const tenant = await fleet.createTenant();
  const instance = tenant.instances[0];
  const username = `Token|${tenant.keys[0].AccessKeyId}|${instance}`;
  const applied = await openApiCall(openApiClient(fleet.endpoints[0], tenant.keys[0]), 'ApplyToken', {
    InstanceId: instance, Resources: 'devices/+/telemetry,devices/+/commands', ExpireTime: String(Date.now() + 3600_000), Actions: 'R,W',
  });
  assertSuccess(applied);
  const password = `RW|${applied.body.Token}`;
  const service = fleet.endpoints[0].url;

  const check = async (path, fields) => {
    const response = await fetch(`${service}/broker/rabbitmq/${path}?code=${key}`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(),
    });
    const text = await response.text();
    if (text !== 'allow') throw new Error(`${path}: ${response.status} ${text}`);
  };
  const connectCheck = (n) => check('user', { username, password, vhost: '/', client_id: `bench-${n}` });
  const topicCheck = (n) => check('topic', {
    username, vhost: '/', resource: 'topic', name: 'amq.topic', permission: 'write', routing_key: `devices.d${n % 100}.telemetry`,
    'variable_map.client_id': 'bench-topic', 'variable_map.username': username,
  });

  const store = rawStore(parseConnectionString(fleet.env.Storage__ConnectionString));
  const table = fleet.env.Storage__TablePrefix + 'Bench';
  await store.createTable(table);
  const rawConnect = async (n) => {
    const id = crypto.createHash('sha256').update(`bench-${n}`).digest('hex');
    const expires = { ExpiresAt: new Date(Date.now() + 3600_000).toISOString(), 'ExpiresAt@odata.type': 'Edm.DateTime' };
    await Promise.all([
      store.upsert(table, `t|${id.slice(0, 32)}`, id, { ClientId: `bench-${n}`, ...expires }),
      store.upsert(table, `x|${id[0]}`, `1800000000|${id}`, { TokenHashes: id }),
    ]);
    await store.read(table, `a|${instance}`, `r|${instance}|${id}`);
    await store.upsert(table, `c|${id}`, '', { ClientId: `bench-${n}`, Grants: 'RW\tdevices/+/telemetry', ...expires });
  };

  await connectCheck(-1); // warms the directory cache and the session the topic checks use
  await check('user', { username, password, vhost: '/', client_id: 'bench-topic' });
  const results = {};
  // The baseline runs before and after the service's phases, so that a machine whose load changes
  // during the run shows it as two different baselines rather than as a skewed comparison.
  for (const [name, operation] of [['raw', rawConnect], ['connect', connectCheck], ['topic', topicCheck], ['rawAgain', rawConnect]]) {
    await measure(operation, { concurrency: load.concurrency, seconds: 1 }); // warm-up
    results[name] = await measure(operation, load);
  }

  rabbit = await startRabbitMq({ serviceUrl: service, key });
  const devices = Number(args.devices);
  const started = performance.now();
  let next = 0;
  const clients = [];
  await Promise.all(Array.from({ length: load.concurrency }, async () => {
    while (next < devices) {
      const n = next++;
      clients.push(await mqtt.connectAsync(rabbit.url, { protocolVersion: 4, clientId: `device-${n}`, username, password, reconnectPeriod: 0 }, false));
    }
  }));
  const connectSeconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.endAsync()));

  const row = (label, r) => `| ${label} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.failures} |`;
  const report = [
    '# Broker checks: benchmark', '',
    `Run ${new Date().toISOString()} on ${os.cpus().length} cores (load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}), ` +
      `Azurite and one standalone server process on loopback, ${load.concurrency} concurrent requests for ${load.seconds} s each, ` +
      'by `node bench/brokers/run.mjs`.', '',
    '| What | per second | p50 ms | p99 ms | failures |', '|---|---|---|---|---|',
    row('raw storage requests of one CONNECT (2 upserts ∥, 1 read, 1 upsert), straight to Azurite: before', results.raw),
    row('the same raw requests: after the service\'s phases', results.rawAgain),
    row('CONNECT check (`/broker/rabbitmq/user`, 1 token)', results.connect),
    row('topic check (`/broker/rabbitmq/topic`, session cached)', results.topic), '',
    `Devices connected through RabbitMQ 3.10 (MQTT 3.1.1, ${load.concurrency} at a time): ${devices} in ${connectSeconds.toFixed(1)} s, ` +
      `${(devices / connectSeconds).toFixed(0)} devices/s (each CONNECT asks user, vhost; no subscription).`, '',
  ].join('\n');
  process.stdout.write(report);
  if (args.out) fs.writeFileSync(args.out, report);
} finally {
  await rabbit?.stop();
  await fleet.stop();
}
