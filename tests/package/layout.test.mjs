// The deployment package as Flex Consumption's one-deploy receives it: artifacts/functionapp.zip
// (./publish.sh) holds the isolated worker's package at its root (README, Hosting).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { unzipPackage, zipEntries } from './function-host.mjs';

describe('the deployment package (artifacts/functionapp.zip)', () => {
  let entries;
  let folder;

  before(() => {
    entries = zipEntries();
    folder = unzipPackage();
  });

  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('holds host.json, functions.metadata, worker.config.json, extensions.json, .azurefunctions/ and the worker at its root', () => {
    const roots = new Set(Object.keys(entries).map((name) => name.split('/')[0]));
    for (const name of ['host.json', 'functions.metadata', 'worker.config.json', 'extensions.json', '.azurefunctions', 'TokenService.Functions.dll']) {
      assert.ok(roots.has(name), `${name} is not at the root of the zip (root: ${[...roots].sort().join(', ')})`);
    }
    assert.ok(Object.keys(entries).some((name) => name.startsWith('.azurefunctions/') && name.endsWith('.dll')), '.azurefunctions/ holds no assembly');
    for (const [name, mode] of Object.entries(entries)) {
      assert.equal(mode & 0o170000, 0o100000, `${name} is not stored as a regular file`);
    }
  });

  test('worker.config.json starts the worker in the package with dotnet, and the host indexes through it', () => {
    const { description } = JSON.parse(fs.readFileSync(path.join(folder, 'worker.config.json'), 'utf8'));
    assert.equal(description.language, 'dotnet-isolated');
    assert.equal(description.defaultExecutablePath, 'dotnet');
    assert.equal(description.defaultWorkerPath, 'TokenService.Functions.dll');
    assert.equal(String(description.workerIndexing), 'true');
    assert.ok(fs.existsSync(path.join(folder, description.defaultWorkerPath)));
    for (const file of ['TokenService.Functions.deps.json', 'TokenService.Functions.runtimeconfig.json']) {
      assert.ok(fs.existsSync(path.join(folder, file)), `${file} is missing: dotnet cannot start the worker without it`);
    }
  });

  test("host.json is the app's: empty route prefix, so the RPC catch-all answers at the site root", () => {
    const host = JSON.parse(fs.readFileSync(path.join(folder, 'host.json'), 'utf8'));
    assert.equal(host.version, '2.0');
    assert.equal(host.extensions.http.routePrefix, '');
    assert.equal(host.customHandler, undefined);
  });
});
