// The same-run reference for the live bench: a bare ws server sending messages of the sizes
// the live stream sent, at the same rate, to as many clients, each parsed on receipt. Its
// send → receipt delay is what WebSocket and JSON alone cost on this machine under this load.
import { createServer } from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';
import { percentile } from './live-clients.ts';

export async function wsEchoReference(
  sizes: number[],
  messagesPerSecond: number,
  clients: number,
): Promise<{ p50: number; p95: number; p99: number }> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const url = `ws://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const delays: number[] = [];
  const sockets = await Promise.all(
    Array.from({ length: clients }, async () => {
      const ws = new WebSocket(url);
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { t: number };
        delays.push(performance.timeOrigin + performance.now() - m.t);
      });
      await new Promise((r) => ws.once('open', r));
      return ws;
    }),
  );
  const intervalMs = 1000 / Math.max(1, messagesPerSecond);
  for (let i = 0; i < sizes.length; i++) {
    const pad = 'x'.repeat(Math.max(0, sizes[i] - 40));
    const frame = JSON.stringify({ t: performance.timeOrigin + performance.now(), pad });
    for (const c of wss.clients) c.send(frame);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  await new Promise((r) => setTimeout(r, 200));
  for (const s of sockets) s.close();
  wss.close();
  await new Promise((r) => server.close(r));
  return { p50: percentile(delays, 50), p95: percentile(delays, 95), p99: percentile(delays, 99) };
}
