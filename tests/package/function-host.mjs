// The published function app under the Functions host harness (tests/FunctionsHostHarness): the
// zip that ./publish.sh wrote is unzipped as the platform unzips it, and the harness starts its
// worker the way the Functions host starts a dotnet-isolated worker, with the fleet's settings
// as app settings, then fronts its HTTP functions on a loopback port.
//
// Needs: ./publish.sh (artifacts/functionapp.zip) and the Release build of the harness
// (dotnet build Functions.sln -c Release; ./test.sh does both first).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ROOT } from '../conformance/harness.mjs';
import { detachFromEventLoop, onExit, stopChild, tail, track } from '../conformance/processes.mjs';

/** The package under test; FUNCTIONAPP_ZIP=artifacts/functionapp-jit.zip tests the build without ReadyToRun. */
export const ZIP = path.resolve(ROOT, process.env.FUNCTIONAPP_ZIP ?? 'artifacts/functionapp.zip');
export const HARNESS_DLL = path.join(ROOT, 'tests/FunctionsHostHarness/bin/Release/net10.0/FunctionsHostHarness.dll');

/** Name → Unix mode of every entry of a zip (python3's zipfile: unzip may not be installed). */
export function zipEntries(zip = ZIP) {
  const script = 'import json,sys,zipfile; print(json.dumps({i.filename: i.external_attr >> 16 for i in zipfile.ZipFile(sys.argv[1]).infolist()}))';
  const result = spawnSync('python3', ['-c', script, zip], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`python3 could not read ${zip}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** Unzips into a new temporary folder (removed when the test process ends); returns the folder. */
export function unzipPackage(zip = ZIP) {
  for (const file of [zip, HARNESS_DLL]) {
    if (!fs.existsSync(file)) {
      throw new Error(`${path.relative(ROOT, file)} is missing: run ./publish.sh and dotnet build Functions.sln -c Release (or ./test.sh)`);
    }
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'functionapp-'));
  onExit(() => fs.rmSync(folder, { recursive: true, force: true }));
  const script = [
    'import os,sys,zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'for i in z.infolist():',
    '    p = z.extract(i, sys.argv[2])',
    '    m = i.external_attr >> 16',
    '    if m: os.chmod(p, m & 0o7777)',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script, zip, folder], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`unzipping ${zip} failed: ${result.stderr}`);
  return folder;
}

/**
 * Starts the harness on `appDirectory` with the fleet's environment (its Storage__, Secrets__,
 * Tokens__, RateLimit__ and Directory__ settings are the app settings) and resolves, once it
 * prints "harness ready URL", an endpoint like the fleet's: { url, host, port, log(), stop() }.
 */
export async function startFunctionApp(fleet, appDirectory, { timeoutMs = 90_000 } = {}) {
  const logFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-log-'));
  onExit(() => fs.rmSync(logFolder, { recursive: true, force: true }));
  const logFile = path.join(logFolder, 'harness.log');
  const child = detachFromEventLoop(track(spawn('dotnet', [HARNESS_DLL, '--app', appDirectory, '--log', logFile, '--timeout', String(timeoutMs / 1000)], {
    cwd: ROOT,
    env: { ...fleet.env, FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated', AzureWebJobsScriptRoot: appDirectory, AzureWebJobsDisableHomepage: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })));
  const err = tail(child.stderr);
  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the harness was not ready within ${timeoutMs} ms:\n${err.text}\n${log().slice(-4000)}`)), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const ready = /^harness ready (http:\/\/\S+)$/m.exec(out);
      if (ready) { clearTimeout(timer); resolve(ready[1]); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the harness exited (${code}) before it was ready:\n${err.text}\n${log().slice(-4000)}`)); });
  });
  // One unsigned call through the worker before the tests: its first answer pays for the JIT of
  // the whole HTTP path, which is the cold start's business (./bench.sh), not these tests'.
  await (await fetch(url + '/')).arrayBuffer();
  const { port, host } = new URL(url);
  return { url, host, port: Number(port), process: child, log, stderr: () => err.text, stop: () => stopChild(child, 15_000) };
}
