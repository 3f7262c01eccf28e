// Revocation to disconnect: devices connected to a real RabbitMQ 3.10 through the service, their
// tokens revoked with RevokeToken through Alibaba Cloud's client, and the time from each 200 to the
// device's own client seeing its connection closed. Baseline in the same run: the broker's own
// close (`DELETE /api/connections/{name}` sent by this script straight to the management API) to
// the same observed close. Also the reconnect of each revoked device, right after its 200.
// `node bench/brokers/disconnects.mjs [--devices N] [--out FILE]`, or `./bench.sh --disconnects`.
// Build first (dotnet build Functions.sln -c Release).

import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';

import { ADMIN, startBrokerFleet } from '../../tests/brokers/broker-fleet.mjs';
import { sleep } from '../../tests/conformance/harness.mjs';

const { values: args } = parseArgs({ options: { devices: { type: 'string', default: '100' }, out: { type: 'string' } } });
const devices = Number(args.devices);
const progress = (text) => process.stderr.write(`disconnects: ${text}\n`);

/** Resolves the time (performance.now()) at which the client's connection closes. */
const closedAt = (client) => new Promise((resolve) => client.once('close', () => resolve(performance.now())));

const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) };
};

progress('starting Azurite, two service processes and RabbitMQ');
const world = await startBrokerFleet();
try {
  const management = `http://127.0.0.1:${world.rabbit.managementPort}`;
  const auth = { authorization: 'Basic ' + Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64') };

  const connectDevices = async (label, count) => {
    progress(`${label}: issuing ${count} tokens and connecting ${count} devices`);
    const result = [];
    for (let i = 0; i < count; i += 20) {
      result.push(...await Promise.all(Array.from({ length: Math.min(20, count - i) }, async (_, j) => {
        const token = await world.applyToken({ resources: [`bench/${label}/#`] });
        const clientId = `${label}-${i + j}`;
        return { token, clientId, client: await world.connect({ clientId, password: `RW|${token}` }) };
      })));
    }
    return result;
  };

  const baselineDevices = await connectDevices('baseline', devices);
  const sequentialDevices = await connectDevices('sequential', devices);
  const burstDevices = await connectDevices('burst', devices);
  const bystanders = await connectDevices('bystander', 10);
  // Every device listed by the management API (statistics interval 0.5 s): the steady state, not the listing delay.
  await sleep(2000);

  progress(`baseline: ${devices} closes sent straight to the management API, one at a time`);
  // RabbitMQ 3.10 writes client_properties twice per connection ({} first); JSON.parse keeps the last.
  const listing = await (await fetch(`${management}/api/connections?columns=name,client_properties`, { headers: auth })).json();
  const names = new Map(listing.map((c) => [c.client_properties?.client_id, c.name]));
  const baseline = [];
  for (const { clientId, client } of baselineDevices) {
    const name = names.get(clientId);
    if (!name) throw new Error(`the management API does not list ${clientId}`);
    const closed = closedAt(client);
    const sent = performance.now();
    const response = await fetch(`${management}/api/connections/${encodeURIComponent(name)}`, { method: 'DELETE', headers: auth });
    if (!response.ok) throw new Error(`DELETE ${name}: ${response.status}`);
    baseline.push((await closed) - sent);
  }

  progress(`sequential: ${devices} revocations, one at a time, each waiting for its device's close`);
  const sequential = [];
  const refusedRightAfter = [];
  for (const { token, clientId, client } of sequentialDevices) {
    const closed = closedAt(client);
    await world.revoke(token);
    const answered = performance.now();
    const reconnect = performance.now();
    const outcome = await world.connectOutcome({ clientId: `${clientId}-again`, password: `RW|${token}` });
    refusedRightAfter.push({ refused: outcome === 4, ms: performance.now() - reconnect });
    sequential.push((await closed) - answered);
  }

  progress(`burst: ${devices} revocations at once`);
  const burst = await Promise.all(burstDevices.map(async ({ token, client }) => {
    const closed = closedAt(client);
    await world.revoke(token);
    const answered = performance.now();
    return (await closed) - answered;
  }));
  await sleep(1000);
  const bystandersConnected = bystanders.filter(({ client }) => client.connected).length;

  const ms = (v) => v.toFixed(1);
  const row = (label, values, base) => {
    const s = summary(values);
    return `| ${label} | ${s.n} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} | ${base ? (s.p99 / summary(base).p99).toFixed(1) : '1.0'} |`;
  };
  const reconnects = summary(refusedRightAfter.map((r) => r.ms));
  const report = [
    '# Revocation to disconnect: benchmark', '',
    `Run ${new Date().toISOString()} on ${os.cpus().length} cores (load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}), ` +
      'by `./bench.sh --disconnects` (`node bench/brokers/disconnects.mjs`): Azurite, two standalone server processes sharing it ' +
      '(RabbitMQ asks the first; RevokeToken goes to the second, which knows the management API), a private RabbitMQ 3.10.8 ' +
      `with \`collect_statistics_interval = 500\`, and ${3 * devices + 10} MQTT 3.1.1 devices, each with a token of its own.`, '',
    'Latency is from the RevokeToken 200 (or, for the baseline, from sending the DELETE) to the device\'s own MQTT client ' +
      'seeing its connection closed. The target is p99 at most 1 s.', '',
    '| What | devices | p50 ms | p99 ms | max ms | p99 / baseline p99 |', '|---|---|---|---|---|---|',
    row('baseline: `DELETE /api/connections/{name}` straight to the management API, one at a time', baseline),
    row('RevokeToken, one at a time', sequential, baseline),
    row(`RevokeToken, ${devices} at once`, burst, baseline), '',
    `A reconnect with the revoked token right after each 200: ${refusedRightAfter.filter((r) => r.refused).length} of ` +
      `${refusedRightAfter.length} refused at that very CONNECT (CONNACK 4), answered in p50 ${ms(reconnects.p50)} ms, max ${ms(reconnects.max)} ms.`,
    `Bystanders (same username, tokens not revoked) still connected afterwards: ${bystandersConnected} of ${bystanders.length}.`, '',
  ].join('\n');
  process.stdout.write(report);
  if (args.out) fs.writeFileSync(args.out, report);
} finally {
  await world.stop();
}
