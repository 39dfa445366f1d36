// Messages pushed on the WebSocket at /api/live.
import type { Indicator } from '../indicator.ts';
import type { Incident } from '../incident.ts';
import type { ZoneState } from '../zone-state.ts';

export type LiveMessage =
  | { type: 'indicator'; data: Indicator }
  | { type: 'incident'; data: Incident }
  | { type: 'zone'; data: ZoneState }
  | { type: 'hello'; data: { siteId: string; serverTime: string } };
