// The broker suite's world: Azurite, two service processes sharing it, one private RabbitMQ node
// asking the first of them, a tenant with an instance and a key, and MQTT 3.1.1 clients (npm
// `mqtt`). Tokens are issued with ApplyToken and revoked with RevokeToken through Alibaba
// Cloud's own client, as an application server does. Only the second process knows the broker's
// management API, through a fault proxy: every connection the service closes, it closes (or, once
// killed and restarted, its successor), and a test can take the API down.

import crypto from 'node:crypto';
import mqtt from 'mqtt';

import { assertSuccess, openApiCall, openApiClient, startFleet } from '../conformance/harness.mjs';
import { startFaultProxy } from './fault-proxy.mjs';
import { startRabbitMq } from './rabbitmq-node.mjs';

export const BROKER_KEY = crypto.randomBytes(24).toString('base64url');
// The SDK's 3 s read timeout, with room for a machine that runs other work besides this suite:
// what is tested here is what the broker is told, not how fast the API answers (./bench.sh measures that).
const APP_SERVER = { readTimeout: 15_000 };

export const ADMIN = { username: 'token-service-admin', password: crypto.randomBytes(18).toString('base64url') };

export async function startBrokerFleet() {
  const managementApi = await startFaultProxy();
  const fleet = await startFleet({
    services: 1,
    env: {
      Brokers__Key: BROKER_KEY,
      Brokers__RabbitMq__AdminUsername: ADMIN.username,
      Brokers__RabbitMq__AdminPassword: ADMIN.password,
    },
  });
  try {
    await fleet.startService({
      Brokers__RabbitMq__ManagementUrl: managementApi.url,
      // The sweep takes over what the prompt path has not finished after 2 s (10 s by default).
      Brokers__Disconnects__TakeOverSeconds: '2',
    });
    const [tenant, stranger] = await Promise.all([fleet.createTenant({ instances: 2 }), fleet.createTenant()]);
    const rabbit = await startRabbitMq({ serviceUrl: fleet.endpoints[0].url, key: BROKER_KEY });
    managementApi.forwardTo(rabbit.managementPort);
    return new BrokerFleet(fleet, rabbit, tenant, stranger, managementApi);
  } catch (error) {
    await fleet.stop();
    await managementApi.stop();
    throw error;
  }
}

class BrokerFleet {
  constructor(fleet, rabbit, tenant, stranger, managementApi) {
    Object.assign(this, { fleet, rabbit, tenant, stranger, managementApi });
    [this.instance, this.sibling] = tenant.instances;
    [this.key] = tenant.keys;
    this.clients = new Set();
  }

  async stop() {
    for (const client of this.clients) client.end(true);
    await this.rabbit?.stop();
    await this.fleet.stop();
    await this.managementApi.stop();
  }

  username(key = this.key, instance = this.instance) {
    return `Token|${key.AccessKeyId}|${instance}`;
  }

  async applyToken({ resources, actions = 'R,W', instance = this.instance, key = this.key, expireTime = Date.now() + 3600_000 }) {
    const result = await openApiCall(openApiClient(this.fleet.endpoints[0], key, APP_SERVER), 'ApplyToken', {
      InstanceId: instance, Resources: resources.join(','), ExpireTime: String(expireTime), Actions: actions,
    });
    assertSuccess(result);
    return result.body.Token;
  }

  async revoke(token, { instance = this.instance, endpoint = this.fleet.endpoints[1] } = {}) {
    assertSuccess(await openApiCall(openApiClient(endpoint, this.key, APP_SERVER), 'RevokeToken', { InstanceId: instance, Token: token }));
  }

  /** An MQTT 3.1.1 connection through RabbitMQ: resolves the client, or rejects with the broker's refusal. */
  async connect({ clientId = 'dev-' + crypto.randomBytes(4).toString('hex'), username = this.username(), password }) {
    const client = await mqtt.connectAsync(this.rabbit.url, {
      protocolVersion: 4, clientId, username, password, reconnectPeriod: 0, connectTimeout: 10_000, clean: true,
    }, false);
    this.clients.add(client);
    client.once('close', () => this.clients.delete(client));
    return client;
  }

  /** The broker's answer to a CONNECT: 'connected', or the CONNACK refusal code (5 = not authorized). */
  async connectOutcome(options) {
    try {
      const client = await this.connect(options);
      await client.endAsync();
      return 'connected';
    } catch (error) {
      return error.code ?? error.message;
    }
  }

  /** One of RabbitMQ's checks sent straight to a service process, as the broker sends it. */
  async check(path, fields, { endpoint = this.fleet.endpoints[0], key = BROKER_KEY, header = false } = {}) {
    const url = new URL(`/broker/rabbitmq/${path}`, endpoint.url);
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    if (key !== null && header) headers['x-functions-key'] = key;
    else if (key !== null) url.searchParams.set('code', key);
    const response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(fields).toString() });
    return { status: response.status, text: await response.text() };
  }

  sessionRows() {
    return this.fleet.tableRows('Sessions');
  }

  /** The revocations whose connections are still to be closed (the ledger's d| rows). */
  async pendingDisconnects() {
    return (await this.fleet.tableRows('Ledger')).filter((row) => row.RowKey.startsWith('d|'));
  }
}

/** Resolves the first message on `topic` (or any) within `ms`, else null. */
export function nextMessage(client, ms = 3000) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { client.off('message', onMessage); resolve(null); }, ms);
    function onMessage(topic, payload) {
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve({ topic, payload: payload.toString('utf8') });
    }
    client.on('message', onMessage);
  });
}

/** Resolves true when the client's connection closes within `ms`. */
export function closes(client, ms = 3000) {
  if (!client.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    client.once('close', () => { clearTimeout(timer); resolve(true); });
  });
}
