// A port in use is found before the database is opened or a broker started: a second
// `npm start` must fail at once, not after touching the first one's state.
import { createServer } from 'node:net';

export class PortInUseError extends Error {}

export function assertPortFree(port: number, host = '0.0.0.0'): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new PortInUseError(`port ${port} is already in use (another Portwatch?): set PORT to a free port`)
          : err,
      ),
    );
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
