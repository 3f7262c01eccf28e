// Assertions on the clients' normalized answers, and usage bookkeeping.

import assert from 'node:assert/strict';

import { isRequestId } from './clients.mjs';

/** A 200 with an upper-case UUID RequestId (also in x-acs-request-id when the client exposes headers). */
export function assertSuccess(result) {
  assert.equal(result.status, 200, `expected 200, got ${result.status}: ${JSON.stringify(result.body)}`);
  assert.equal(result.code, undefined);
  assert.ok(isRequestId(result.body.RequestId), `RequestId ${result.body.RequestId} is not an upper-case UUID`);
  if (result.headers) assert.equal(result.headers['x-acs-request-id'], result.body.RequestId);
}

/** The documented error: HTTP status, Code, and the full error body (RequestId, HostId, Code, Message). */
export function assertApiError(result, status, code) {
  assert.equal(result.code, code, `expected ${code}, got ${result.status}: ${JSON.stringify(result.body)}`);
  assert.equal(result.status, status, `expected HTTP ${status} for ${code}, got ${result.status}`);
  assert.equal(result.body.Code, code);
  assert.ok(isRequestId(result.body.RequestId), `RequestId ${result.body.RequestId} is not an upper-case UUID`);
  assert.equal(typeof result.body.HostId, 'string');
  assert.ok(result.body.HostId.length > 0, 'HostId is empty');
  assert.equal(typeof result.body.Message, 'string');
  assert.ok(result.body.Message.length > 0, 'Message is empty');
  if (result.headers) assert.equal(result.headers['x-acs-request-id'], result.body.RequestId);
}

/** The body of an error answer without its RequestId (what must be identical between two cases). */
export function withoutRequestId(body) {
  const { RequestId, ...rest } = body;
  return { ...rest };
}

/** `yyyy-MM-ddTHH:mm:ssZ` for now + offsetMs, as the signature schemes send it. */
export function timestamp(offsetMs = 0) {
  return new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Remembers the last usage total read per instance, so that a test can assert the change its own
 * calls made with one read (tests in a file run one after another).
 */
export class UsageTracker {
  constructor(fleet) {
    this.fleet = fleet;
    this.known = new Map();
  }

  /** Instances created a moment ago by createTenant: nothing was called on them yet. */
  startAtZero(...instanceIds) {
    for (const id of instanceIds) this.known.set(id, 0);
  }

  async track(...instanceIds) {
    await Promise.all(instanceIds.map(async (id) => { this.known.set(id, await this.fleet.usageTotal(id)); }));
  }

  /** Reads the instance's total and asserts it moved by exactly `delta` since the last read. */
  async expectDelta(instanceId, delta) {
    if (!this.known.has(instanceId)) throw new Error(`usage of ${instanceId} is not tracked`);
    const before = this.known.get(instanceId);
    const after = await this.fleet.usageTotal(instanceId);
    this.known.set(instanceId, after);
    assert.equal(after - before, delta, `usage total of ${instanceId} should change by ${delta} (was ${before}, now ${after})`);
  }
}
