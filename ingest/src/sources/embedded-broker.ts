// The embedded default's MQTT broker (aedes), on MQTT_PORT or, when that port is taken,
// on a free one — said out loud, because sensors must be pointed at it.
import net from 'node:net';
import { Aedes } from 'aedes';

export interface EmbeddedBroker {
  port: number;
  url: string;
  /** Set when the requested port was taken and another one is used. */
  movedFrom?: number;
  close(): Promise<void>;
}

function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export async function startEmbeddedBroker(port: number, host = '127.0.0.1'): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker();
  const server = net.createServer(aedes.handle);
  let bound: number;
  let movedFrom: number | undefined;
  try {
    bound = await listen(server, port, host);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    movedFrom = port;
    bound = await listen(server, 0, host);
  }
  return {
    port: bound,
    url: `mqtt://${host}:${bound}`,
    movedFrom,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => aedes.close(() => resolve()));
        // Open client sockets would keep server.close waiting.
        for (const c of Object.values(
          (aedes as unknown as { clients: Record<string, { close(): void }> }).clients ?? {},
        ))
          c.close();
      }),
  };
}
