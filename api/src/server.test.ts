// The live WebSocket is authorized at the upgrade: no token, no socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import type { LiveMessage } from '@portwatch/schema';
import { listenHttp, type HttpServer } from './server.ts';
import { LIVE_CLOSE } from '@portwatch/schema';
import { LiveHub } from './live/hub.ts';
import { createHealthApp } from './health-app.ts';
import { testAccessControl, mintTestToken, type TestAccess } from './testing/test-tokens.ts';
import { openLiveSocket } from './testing/api-client.ts';

let t: TestAccess;
let http: HttpServer;
let base: string;
const hub = new LiveHub();

beforeAll(async () => {
  t = testAccessControl();
  const app = createHealthApp(
    { role: 'api', siteId: 'test', startedAt: new Date(), components: () => [], feeds: () => [], metrics: () => [] },
    t.access,
  );
  http = await listenHttp(
    app,
    0,
    hub,
    () => ({ type: 'hello', data: { version: '2', siteId: 'test', serverTime: new Date().toISOString() } }),
    t.access,
    { host: '127.0.0.1', revalidateMs: 50 },
  );
  base = `http://127.0.0.1:${http.port}`;
});
afterAll(async () => http?.close());

/** What the server answers to an upgrade it refuses. */
function refusal(
  protocols: string[],
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { reason?: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${http.port}/api/live`, protocols, { headers });
    ws.once('open', () => reject(new Error('the socket was opened')));
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    ws.once('error', () => {});
  });
}

describe('live WebSocket', () => {
  it('is refused with 401 before the upgrade without a token or with a wrong one', async () => {
    expect(await refusal(['portwatch.v2'])).toEqual({
      status: 401,
      body: expect.objectContaining({ reason: 'missing_token' }),
    });
    expect(await refusal(['portwatch.v2', 'portwatch.bearer.pw_wrong'])).toEqual({
      status: 401,
      body: expect.objectContaining({ reason: 'invalid_token' }),
    });
    expect(hub.size).toBe(0);
  });

  it('opens with a token sent as a subprotocol, answers portwatch.v2 (never the token) and says hello', async () => {
    const live = await openLiveSocket(base, t.tokens.viewer);
    const hello = await live.waitFor((m: LiveMessage) => m.type === 'hello', 2000);
    expect(hello).toMatchObject({ type: 'hello', data: { version: '2', siteId: 'test' } });
    expect(hub.size).toBe(1);
    live.close();
  });

  it('accepts the Authorization header from clients that can set one', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${http.port}/api/live`, {
      headers: { authorization: `Bearer ${t.tokens.admin}` },
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    expect(ws.protocol).toBe('');
    ws.close();
  });

  it('closes a live connection when its token is revoked', async () => {
    const token = mintTestToken(t.tokensFile, 'viewer', 'soon-revoked');
    const ws = new WebSocket(`ws://127.0.0.1:${http.port}/api/live`, ['portwatch.v2', `portwatch.bearer.${token}`]);
    await new Promise((resolve) => ws.once('open', resolve));
    expect(ws.protocol).toBe('portwatch.v2');
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    writeFileSync(t.tokensFile, readFileSync(t.tokensFile, 'utf8').replace(/^soon-revoked .*\n/m, ''));
    expect(await closed).toBe(LIVE_CLOSE.tokenRevoked);
  });
});
