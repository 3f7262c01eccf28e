// A TCP proxy on a free loopback port between the service and a broker's API, which a test can
// take down (every open connection is cut and new ones are refused), stall (connections are
// accepted and never answered, as an API that hangs) and bring back up, on the same port. The
// target may be set after the proxy starts (the broker starts after the service).

import net from 'node:net';

import { freePort } from '../conformance/processes.mjs';

export async function startFaultProxy() {
  const port = await freePort();
  const sockets = new Set();
  let target = null;
  let server = null;
  let stalled = false;

  const listen = () => new Promise((resolve, reject) => {
    server = net.createServer((client) => {
      if (target === null) { client.destroy(); return; }
      if (stalled) {
        sockets.add(client);
        client.once('close', () => sockets.delete(client));
        client.on('error', () => client.destroy());
        return;
      }
      const upstream = net.connect(target, '127.0.0.1');
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        socket.on('error', () => { client.destroy(); upstream.destroy(); });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });

  const close = () => new Promise((resolve) => {
    for (const socket of sockets) socket.destroy();
    if (server === null) { resolve(); return; }
    server.close(() => resolve());
    server = null;
  });

  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    forwardTo(targetPort) { target = targetPort; },
    /** Cuts every connection and refuses new ones (ECONNREFUSED), as a broker API that is down. */
    down: close,
    /** Accepts connections and never answers them; open connections are cut. */
    async stall() {
      stalled = true;
      for (const socket of sockets) socket.destroy();
      if (server === null) await listen();
    },
    /** Forwards again (after down or stall). */
    async up() {
      if (stalled) {
        stalled = false;
        for (const socket of sockets) socket.destroy();
      }
      if (server === null) await listen();
    },
    stop: close,
  };
}
