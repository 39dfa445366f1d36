// Free TCP port finder for tests that start their own brokers (plain Node ESM, no deps).
import { createServer } from 'node:net';

/** Ports handed out by this process, so two calls never return the same port. */
const handedOut = new Set();

/**
 * Resolve to a TCP port that is currently free on `host` (default 127.0.0.1).
 * The OS picks it (listen on port 0); the listener is closed before resolving,
 * so there is the usual small race window before the caller binds it.
 * @param {{host?: string}} [opts]
 * @returns {Promise<number>}
 */
export async function freePort(opts = {}) {
  const host = opts.host ?? '127.0.0.1';
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise((resolve, reject) => {
      const srv = createServer();
      srv.unref();
      srv.once('error', reject);
      srv.listen({ port: 0, host, exclusive: true }, () => {
        const addr = srv.address();
        const p = typeof addr === 'object' && addr ? addr.port : 0;
        srv.close(() => resolve(p));
      });
    });
    if (port && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`freePort: could not find a free port on ${host}`);
}

/**
 * Resolve to `n` distinct free ports.
 * @param {number} n
 * @param {{host?: string}} [opts]
 * @returns {Promise<number[]>}
 */
export async function freePorts(n, opts = {}) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await freePort(opts));
  return out;
}
