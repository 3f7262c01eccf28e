// Child processes, free ports and readiness for the conformance harness. Every child is tracked
// and killed when the test file's process ends, whatever the reason (normal end, failed
// assertion, uncaught error, Ctrl+C, the runner's timeout).

import net from 'node:net';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

const children = new Set();

export function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function killAll(signal = 'SIGKILL') {
  for (const child of children) {
    try { child.kill(signal); } catch { /* already gone */ }
  }
}

const cleanups = new Set();

/** Runs `fn` (synchronous) when the process exits, unless `cancel()` was called first. */
export function onExit(fn) {
  cleanups.add(fn);
  return { cancel: () => cleanups.delete(fn) };
}

/**
 * A long-lived child (Azurite, a service) must not keep the test file's process alive: if a test
 * fails without reaching its `after` hook, the process still ends, and its exit handler kills it.
 */
export function detachFromEventLoop(child) {
  child.unref();
  child.stdout?.unref?.();
  child.stderr?.unref?.();
  return child;
}

process.once('exit', () => {
  killAll();
  for (const fn of cleanups) {
    try { fn(); } catch { /* best effort at exit */ }
  }
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => { killAll(); process.exit(128 + (os.constants.signals[signal] ?? 1)); });
}

/** Keeps the last few KiB of a stream's text, for error messages. */
export function tail(stream, limit = 8192) {
  const state = { text: '' };
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    state.text = (state.text + chunk).slice(-limit);
  });
  return state;
}

export function stopChild(child, timeoutMs = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, timeoutMs);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}

// ---------------------------------------------------------------------------------------------
// Ports and readiness.

/** A port that was free a moment ago (bind 127.0.0.1:0 and read what the kernel chose). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function connects(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

export async function waitUntil(what, child, output, probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const error = new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before answering:\n${output()}`);
      error.exited = true;
      throw error;
    }
    if (await probe()) return;
    await sleep(100);
  }
  throw new Error(`${what} did not answer within ${timeoutMs} ms:\n${output()}`);
}
