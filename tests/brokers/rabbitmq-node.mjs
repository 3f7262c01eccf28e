// A private RabbitMQ node for a test file, started and stopped through scripts/rabbitmq.sh (the
// same script `BROKER=rabbitmq ./run.sh` uses), on free loopback ports, with its data in a
// temporary folder. The node runs in its own session (it must outlive no test file): it is
// stopped in `stop()`, and also when the test process exits any other way.

import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { freePort, onExit } from '../conformance/processes.mjs';
import { ROOT } from '../conformance/harness.mjs';

const SCRIPT = path.join(ROOT, 'scripts/rabbitmq.sh');
const run = promisify(execFile);

export async function startRabbitMq({ serviceUrl, key }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broker-rabbitmq-'));
  const env = {
    ...process.env,
    MQTT_PORT: String(await freePort()),
    BROKER_MANAGEMENT_PORT: String(await freePort()),
    RABBITMQ_EPMD_PORT: String(await freePort()),
    RABBITMQ_DIST_PORT: String(await freePort()),
    BROKER_SERVICE_URL: serviceUrl,
    Brokers__Key: key,
  };
  const stopNow = () => spawnSync(SCRIPT, ['stop', dir], { stdio: 'ignore' });
  const guard = onExit(() => { stopNow(); fs.rmSync(dir, { recursive: true, force: true }); });
  try {
    await run(SCRIPT, ['start', dir], { env, timeout: 120_000 });
  } catch (error) {
    stopNow();
    throw new Error(`RabbitMQ did not start: ${error.stderr || error.message}`);
  }
  return {
    url: `mqtt://127.0.0.1:${env.MQTT_PORT}`,
    managementPort: Number(env.BROKER_MANAGEMENT_PORT),
    log: () => readLogs(dir),
    async stop() {
      await run(SCRIPT, ['stop', dir], { timeout: 60_000 }).catch(() => stopNow());
      fs.rmSync(dir, { recursive: true, force: true });
      guard.cancel();
    },
  };
}

function readLogs(dir) {
  const logDir = path.join(dir, 'log');
  return fs.existsSync(logDir)
    ? fs.readdirSync(logDir).map((f) => fs.readFileSync(path.join(logDir, f), 'utf8')).join('\n').slice(-8000)
    : '';
}
