// Conformance harness: one Azurite table service and one or more service processes on free
// loopback ports, tenants seeded through tokenctl, and Alibaba Cloud's own Node clients
// (@alicloud/pop-core, @alicloud/openapi-client) pointed at them, used unmodified.
//
// Nothing here builds: the service and tokenctl must already be built in Release
// (./test.sh does that once before running this suite).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { connects, detachFromEventLoop, freePort, onExit, stopChild, tail, track, waitUntil } from './processes.mjs';
import { differences, parseConnectionString, snapshot, tableRows } from './store-snapshot.mjs';

export { setTimeout as sleep } from 'node:timers/promises';
export { freePort } from './processes.mjs';
export * from './clients.mjs';
export * from './assertions.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVICE_DLL = path.join(ROOT, 'src/TokenService.Server/bin/Release/net10.0/TokenService.Server.dll');
export const TOKENCTL_DLL = path.join(ROOT, 'src/TokenService.Cli/bin/Release/net10.0/tokenctl.dll');

const AZURITE_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

// ---------------------------------------------------------------------------------------------
// Configuration shared by the service processes and tokenctl.

function newSigningKey() {
  return crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
}

/** The process environment without any of the service's own settings (so a developer's shell cannot leak in). */
function cleanEnvironment() {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(Storage|Secrets|Tokens|RateLimit|Directory|Brokers)__/.test(name)) continue;
    if (name === 'PORT') continue;
    env[name] = value;
  }
  return env;
}

/**
 * The settings that point a service process (or tokenctl) at Azurite on `tablePort` with fresh
 * keys: the secret-encryption key, the token-signing key, and a table prefix of its own
 * (`prefixLetter` says whose tables they are when a store is inspected by hand).
 */
export function serviceSettings(tablePort, prefixLetter) {
  return {
    Storage__ConnectionString:
      `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_ACCOUNT_KEY};` +
      `TableEndpoint=http://127.0.0.1:${tablePort}/devstoreaccount1;`,
    Storage__TablePrefix: prefixLetter + crypto.randomBytes(6).toString('hex'),
    Secrets__CurrentKeyId: 'k1',
    Secrets__Keys__k1: crypto.randomBytes(32).toString('base64'),
    Tokens__CurrentKeyId: 't1',
    Tokens__SigningKeys__t1: newSigningKey(),
  };
}

function requireBuilt() {
  for (const file of [SERVICE_DLL, TOKENCTL_DLL]) {
    if (!fs.existsSync(file)) {
      throw new Error(`${path.relative(ROOT, file)} is missing: build first (dotnet build Functions.sln -c Release, or ./test.sh).`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The fleet: Azurite + N service processes + tokenctl, with seeding and inspection helpers.

/**
 * Starts Azurite and `services` service processes sharing it (one table prefix per fleet).
 * `env` adds or overrides settings (e.g. { RateLimit__RevokeToken: '5' }).
 */
export async function startFleet({ services = 1, env = {} } = {}) {
  requireBuilt();
  const fleet = new Fleet();
  try {
    await fleet.start(services, env);
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  return fleet;
}

class Fleet {
  constructor() {
    this.location = fs.mkdtempSync(path.join(os.tmpdir(), 'conformance-azurite-'));
    this.removeLocation = onExit(() => fs.rmSync(this.location, { recursive: true, force: true }));
    this.azurite = null;
    this.processes = [];
    /** One entry per service process: { port, host: '127.0.0.1:port', url: 'http://127.0.0.1:port' }. */
    this.endpoints = [];
    this.env = null;
  }

  /** Starts Azurite's table service on a free port (retried when the port was taken meanwhile); returns the port. */
  async startAzurite() {
    const azuriteMain = fs.realpathSync(path.join(ROOT, 'node_modules/.bin/azurite-table'));
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      this.azurite = detachFromEventLoop(track(spawn(process.execPath, [
        azuriteMain, '--tableHost', '127.0.0.1', '--tablePort', String(port),
        '--location', this.location, '--skipApiVersionCheck', '--disableTelemetry', '--silent',
      ], { stdio: ['ignore', 'pipe', 'pipe'] })));
      const out = tail(this.azurite.stdout);
      const err = tail(this.azurite.stderr);
      try {
        await waitUntil('Azurite', this.azurite, () => out.text + err.text, () => connects(port));
        return port;
      } catch (error) {
        if (attempt >= 3 || !error.exited) throw error;
      }
    }
  }

  async start(serviceCount, overrides) {
    const tablePort = await this.startAzurite();

    this.env = {
      ...cleanEnvironment(),
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      DOTNET_NOLOGO: '1',
      ...serviceSettings(tablePort, 'c'),
      Directory__CacheSeconds: '1',
      RateLimit__RevokeToken: '1000',
      RateLimit__ApplyToken: '1000',
      RateLimit__QueryToken: '1000',
      ...overrides,
    };

    // tokenctl creates the tables, as the deployment does in Azure (the service does not create
    // them on its request path): one call does it before the tests seed anything in parallel.
    await Promise.all([
      this.tokenctl('account', 'create', 'bootstrap' + crypto.randomBytes(3).toString('hex')),
      ...Array.from({ length: serviceCount }, () => this.startService()),
    ]);
  }

  /**
   * Starts one more service process, with `settings` on top of the fleet's; retried when it dies
   * at once (its port was taken meanwhile).
   */
  async startService(settings = {}) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.launchService(settings);
      } catch (error) {
        if (attempt >= 3 || !error.exited) throw error;
      }
    }
  }

  async launchService(settings) {
    const port = await freePort();
    const child = detachFromEventLoop(track(spawn('dotnet', [SERVICE_DLL], {
      cwd: ROOT,
      env: { ...this.env, ...settings, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })));
    this.processes.push(child);
    const out = tail(child.stdout);
    const err = tail(child.stderr);
    const url = `http://127.0.0.1:${port}`;
    await waitUntil(`service on ${port}`, child, () => out.text + err.text, async () => {
      try {
        const response = await fetch(url + '/');
        await response.arrayBuffer();
        // Ours (and not something else that took the port): every answer carries a RequestId.
        return response.headers.has('x-acs-request-id');
      } catch {
        return false;
      }
    });
    const endpoint = { port, host: `127.0.0.1:${port}`, url, settings, child, logs: () => out.text + err.text };
    this.endpoints.push(endpoint);
    return endpoint;
  }

  /**
   * Kills service process `index` with SIGKILL (no shutdown of any kind, as a crash or an evicted
   * instance), waits for its exit, and starts a new one with the same settings in its place (a new
   * port): the new endpoint is `endpoints[index]` from then on. Returns it.
   */
  async killAndRestartService(index) {
    const old = this.endpoints[index];
    await new Promise((resolve) => {
      if (old.child.exitCode !== null || old.child.signalCode !== null) resolve();
      else { old.child.once('exit', resolve); old.child.kill('SIGKILL'); }
    });
    this.endpoints.splice(index, 1);
    const restarted = await this.startService(old.settings);
    this.endpoints.splice(this.endpoints.indexOf(restarted), 1);
    this.endpoints.splice(index, 0, restarted);
    return restarted;
  }

  async stop() {
    await Promise.all(this.processes.map((child) => stopChild(child)));
    await stopChild(this.azurite);
    fs.rmSync(this.location, { recursive: true, force: true });
    this.removeLocation.cancel();
  }

  /** Runs tokenctl with --json; resolves { code, json, stdout, stderr }, never rejects on a non-zero exit. */
  tokenctlRaw(...args) {
    return new Promise((resolve, reject) => {
      const child = track(spawn('dotnet', [TOKENCTL_DLL, '--json', ...args], {
        cwd: ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'],
      }));
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk) => { stdout += chunk; });
      child.stderr.setEncoding('utf8').on('data', (chunk) => { stderr += chunk; });
      child.once('error', reject);
      child.once('close', (code) => {
        const text = (code === 0 ? stdout : stderr).trim().split('\n').filter(Boolean).at(-1) ?? '';
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON: reported below */ }
        resolve({ code, json, stdout, stderr });
      });
    });
  }

  /** Runs tokenctl with --json and returns its JSON object; throws on a non-zero exit. */
  async tokenctl(...args) {
    const result = await this.tokenctlRaw(...args);
    if (result.code !== 0 || result.json === null) {
      throw new Error(`tokenctl ${args.join(' ')} failed (${result.code}): ${result.stderr || result.stdout}`);
    }
    return result.json;
  }

  /**
   * Creates an account with `instances` instances (ids `mqtt-<suffix>-<n>`) and the given keys
   * (each spec: { actions?, instances? } as tokenctl's comma lists; default one unrestricted key).
   * Returns { accountId, instances: [...], keys: [{ AccessKeyId, AccessKeySecret }] }.
   */
  async createTenant({ instances = 1, keys = [{}] } = {}) {
    const suffix = crypto.randomBytes(4).toString('hex');
    const accountId = `acct-${suffix}`;
    await this.tokenctl('account', 'create', accountId);
    const instanceIds = Array.from({ length: instances }, (_, n) => `mqtt-${suffix}-${n + 1}`);
    await Promise.all(instanceIds.map((id) => this.tokenctl('instance', 'create', '--account', accountId, id)));
    const created = await Promise.all(keys.map((spec) => this.createKey(accountId, spec)));
    return { accountId, instances: instanceIds, keys: created };
  }

  createKey(accountId, { actions, instances } = {}) {
    const args = ['key', 'create', '--account', accountId];
    if (actions) args.push('--actions', actions);
    if (instances) args.push('--instances', instances);
    return this.tokenctl(...args);
  }

  disableKey(accessKeyId) {
    return this.tokenctl('key', 'disable', accessKeyId);
  }

  /** STS credentials: { AccessKeyId, AccessKeySecret, SecurityToken, Expiration }. */
  issueSts(parentAccessKeyId, { seconds = 3600, actions, instances } = {}) {
    const args = ['sts', 'issue', '--key', parentAccessKeyId, '--seconds', String(seconds)];
    if (actions) args.push('--actions', actions);
    if (instances) args.push('--instances', instances);
    return this.tokenctl(...args);
  }

  /** Every row of one of this fleet's tables by its name without the prefix (e.g. 'Sessions'). */
  tableRows(table) {
    return tableRows(parseConnectionString(this.env.Storage__ConnectionString), this.env.Storage__TablePrefix + table);
  }

  /** Every entity of this fleet's tables (see store-snapshot.mjs). */
  storeSnapshot() {
    return snapshot(parseConnectionString(this.env.Storage__ConnectionString), this.env.Storage__TablePrefix);
  }

  /**
   * Runs `action` and asserts that the store is exactly as before it: no row inserted, updated
   * or deleted in any table (no revocation record, no usage slot, no nonce). Returns what
   * `action` returned.
   */
  async expectNoWrites(action) {
    const before = await this.storeSnapshot();
    const result = await action();
    const changed = differences(before, await this.storeSnapshot());
    assert.deepEqual(changed, [], `a failed call changed the store:\n${changed.join('\n')}`);
    return result;
  }

  /** Successful, metered calls of the instance (last 24 hours up to now). */
  async usageTotal(instanceId) {
    const report = await this.tokenctl('usage', '--instance', instanceId);
    assertInteger(report.Total, `usage Total of ${instanceId}`);
    return report.Total;
  }

  /** The revocation record of a token under an instance, or null when there is none. */
  async revocation(instanceId, token) {
    const result = await this.tokenctlRaw('revocation', 'show', '--instance', instanceId, '--token', token);
    if (result.code === 0 && result.json) return result.json;
    if (result.code === 1) return null;
    throw new Error(`tokenctl revocation show failed (${result.code}): ${result.stderr}`);
  }
}

function assertInteger(value, what) {
  if (!Number.isInteger(value)) throw new Error(`${what} is not an integer: ${JSON.stringify(value)}`);
}

