// The deployment package as Azure Functions receives it: artifacts/functionapp.zip (./publish.sh)
// is unzipped, and the Native AOT executable inside is started the way the Functions host starts a
// custom handler: from the package folder, with FUNCTIONS_CUSTOMHANDLER_PORT, the storage settings
// and the key settings as its whole environment. Alibaba Cloud's own @alicloud/pop-core then drives
// RevokeToken, ApplyToken and QueryToken through it, so every entity type is written and read back
// by the AOT binary (reflection-based table mapping is what Native AOT can break).
//
// Needs: ./publish.sh (the zip) and the Release build of tokenctl (./test.sh does both first).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import RPCClient from '@alicloud/pop-core';

import { freePort, serviceSettings, TOKENCTL_DLL } from '../conformance/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ZIP = path.join(ROOT, 'artifacts/functionapp.zip');
const UPPER_UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const START_BUDGET_MS = 1000;

const children = new Set();
process.once('exit', () => { for (const child of children) child.kill('SIGKILL'); });

function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk) => { output = (output + chunk).slice(-8192); });
  }
  child.output = () => output;
  return child;
}

function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}

function connects(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

function onPath(command) {
  return spawnSync(command, ['-v'], { stdio: 'ignore' }).error === undefined;
}

/** Name → Unix mode of every entry, from the zip's external attributes (high 16 bits). */
function zipModes(zip) {
  const script = 'import json,sys,zipfile; print(json.dumps({i.filename: i.external_attr >> 16 for i in zipfile.ZipFile(sys.argv[1]).infolist()}))';
  const result = spawnSync('python3', ['-c', script, zip], { encoding: 'utf8' });
  assert.equal(result.status, 0, `python3 could not read ${zip}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** Extracts with unzip when present (it restores Unix modes), else with python3 applying the modes itself. */
function extract(zip, folder) {
  if (onPath('unzip')) {
    const result = spawnSync('unzip', ['-q', '-o', zip, '-d', folder], { encoding: 'utf8' });
    assert.equal(result.status, 0, `unzip failed: ${result.stderr}`);
    return 'unzip';
  }
  const script = [
    'import os,sys,zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'for i in z.infolist():',
    '    p = z.extract(i, sys.argv[2])',
    '    m = i.external_attr >> 16',
    '    if m: os.chmod(p, m & 0o7777)',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script, zip, folder], { encoding: 'utf8' });
  assert.equal(result.status, 0, `python3 zipfile extraction failed: ${result.stderr}`);
  return 'python3 zipfile';
}

describe('the deployment package (artifacts/functionapp.zip)', () => {
  let work;
  let packageDir;
  let executable;
  let azurite;
  let service;
  let settings;
  let servicePort;
  let startedInMs;
  let firstAnswer;

  /** tokenctl over the same store and keys, as an operator runs it (its JSON output parsed). */
  function tokenctl(...args) {
    const env = { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', ...settings };
    const result = spawnSync('dotnet', [TOKENCTL_DLL, '--json', ...args], { env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(result.status, 0, `tokenctl ${args.join(' ')} failed: ${result.stderr}${result.stdout}`);
    return JSON.parse(result.stdout);
  }

  function client(key) {
    return new RPCClient({
      accessKeyId: key.AccessKeyId,
      accessKeySecret: key.AccessKeySecret,
      endpoint: `http://127.0.0.1:${servicePort}`,
      apiVersion: '2020-04-20',
    });
  }

  before(async () => {
    assert.ok(fs.existsSync(ZIP), `${path.relative(ROOT, ZIP)} is missing: run ./publish.sh first`);
    assert.ok(fs.existsSync(TOKENCTL_DLL), `${path.relative(ROOT, TOKENCTL_DLL)} is missing: dotnet build Functions.sln -c Release`);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'package-test-'));
    packageDir = path.join(work, 'functionapp');
    fs.mkdirSync(packageDir);
    extract(ZIP, packageDir);
    const host = JSON.parse(fs.readFileSync(path.join(packageDir, 'host.json'), 'utf8'));
    executable = path.join(packageDir, host.customHandler.description.defaultExecutablePath);

    const tablePort = await freePort();
    const azuriteMain = fs.realpathSync(path.join(ROOT, 'node_modules/.bin/azurite-table'));
    azurite = track(spawn(process.execPath, [
      azuriteMain, '--tableHost', '127.0.0.1', '--tablePort', String(tablePort), '--location', path.join(work, 'azurite'),
      '--skipApiVersionCheck', '--disableTelemetry', '--silent',
    ], { stdio: ['ignore', 'pipe', 'pipe'] }));
    for (let i = 0; !(await connects(tablePort)); i++) {
      assert.ok(i < 300 && azurite.exitCode === null, `Azurite did not start:\n${azurite.output()}`);
      await sleep(100);
    }

    settings = serviceSettings(tablePort, 'p');

    // As the Functions host does: the package folder as working directory, and this environment
    // only (no PATH, no DOTNET_*: a self-contained executable needs neither).
    servicePort = await freePort();
    const started = performance.now();
    service = track(spawn(executable, [], {
      cwd: packageDir,
      env: { FUNCTIONS_CUSTOMHANDLER_PORT: String(servicePort), ...settings },
      stdio: ['ignore', 'pipe', 'pipe'],
    }));
    while (performance.now() - started < 30_000) {
      assert.equal(service.exitCode, null, `TokenService exited (${service.exitCode}):\n${service.output()}`);
      try {
        const response = await fetch(`http://127.0.0.1:${servicePort}/`);
        firstAnswer = { status: response.status, body: await response.json() };
        startedInMs = performance.now() - started;
        break;
      } catch {
        await sleep(5);
      }
    }
    assert.ok(firstAnswer, `TokenService did not answer within 30 s:\n${service.output()}`);
  });

  after(async () => {
    await stop(service);
    await stop(azurite);
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('the zip holds host.json, both function.json files and the executable with its run bit', () => {
    const modes = zipModes(ZIP);
    for (const name of ['host.json', 'Rpc/function.json', 'PurgeExpired/function.json']) {
      assert.ok(name in modes, `${name} is missing from the zip (entries: ${Object.keys(modes).join(', ')})`);
    }
    const name = path.relative(packageDir, executable);
    assert.ok(name in modes, `${name} (host.json's defaultExecutablePath) is missing from the zip`);
    assert.equal(modes[name] & 0o170000, 0o100000, `${name} is not stored as a regular file`);
    assert.equal(modes[name] & 0o111, 0o111, `${name} is stored without its run bit: mode ${modes[name].toString(8)}`);
    assert.ok(fs.statSync(executable).mode & 0o100, 'the extracted executable cannot be run');
  });

  test(`the executable answers on FUNCTIONS_CUSTOMHANDLER_PORT within ${START_BUDGET_MS} ms of starting`, (t) => {
    t.diagnostic(`first answer ${startedInMs.toFixed(0)} ms after spawn`);
    assert.ok(startedInMs < START_BUDGET_MS, `first answer after ${startedInMs.toFixed(0)} ms`);
    // An unsigned call is a well-formed API error, carrying a RequestId like every answer.
    assert.ok(firstAnswer.status >= 400 && firstAnswer.status < 500, `status ${firstAnswer.status}`);
    assert.match(firstAnswer.body.RequestId, UPPER_UUID);
    assert.equal(typeof firstAnswer.body.Code, 'string');
  });

  test('pop-core RevokeToken through the AOT binary answers only a RequestId and stores the record', async () => {
    const account = 'pkg' + crypto.randomBytes(3).toString('hex');
    const instance = `mqtt-${account}`;
    tokenctl('account', 'create', account);
    tokenctl('instance', 'create', '--account', account, instance);
    const key = tokenctl('key', 'create', '--account', account);
    const token = 'package-test-' + crypto.randomBytes(16).toString('hex');

    const result = await client(key).request('RevokeToken', { InstanceId: instance, Token: token }, { method: 'POST' });

    assert.deepEqual(Object.keys(result), ['RequestId']);
    assert.match(result.RequestId, UPPER_UUID);
    const record = tokenctl('revocation', 'show', '--instance', instance, '--token', token);
    assert.equal(record.InstanceId, instance);
    assert.equal(record.AccountId, account);
    assert.equal(record.AccessKeyId, key.AccessKeyId);
    assert.equal(record.RequestId, result.RequestId);
    assert.ok(!JSON.stringify(record).includes(token), 'the record must not hold the token itself');
  });

  test('pop-core ApplyToken then QueryToken through the AOT binary: true, and false once revoked', async () => {
    const account = 'pkg' + crypto.randomBytes(3).toString('hex');
    const instance = `mqtt-${account}`;
    tokenctl('account', 'create', account);
    tokenctl('instance', 'create', '--account', account, instance);
    const rpc = client(tokenctl('key', 'create', '--account', account));

    const applied = await rpc.request('ApplyToken', {
      InstanceId: instance, Resources: 'devices/+/telemetry', Actions: 'R', ExpireTime: String(Date.now() + 3_600_000),
    }, { method: 'POST' });
    assert.match(applied.RequestId, UPPER_UUID);
    assert.equal(typeof applied.Token, 'string');

    const queried = await rpc.request('QueryToken', { InstanceId: instance, Token: applied.Token }, { method: 'POST' });
    assert.equal(queried.TokenStatus, true);

    await rpc.request('RevokeToken', { InstanceId: instance, Token: applied.Token }, { method: 'POST' });
    const revoked = await rpc.request('QueryToken', { InstanceId: instance, Token: applied.Token }, { method: 'GET' });
    assert.equal(revoked.TokenStatus, false);
    const usage = tokenctl('usage', '--instance', instance);
    assert.equal(usage.Total, 4, `expected 4 metered calls, got ${JSON.stringify(usage)}`);
  });
});
