// What the API takes off the bus: the store writer, and the live socket's hub. On Kafka every
// API instance follows the live streams itself (a group of its own), so a browser on any
// instance sees every change; the in-process bus has one instance.
import type { Bus, Logger } from '@portwatch/ingest';
import { LiveHub, LiveFollower, StoreWriter, sopChecklists, type Store } from '@portwatch/api';
import type { LiveEvent } from '@portwatch/schema';
import type { SiteBundle } from './load-site-bundle.ts';

export interface ApiStreams {
  hub: LiveHub;
  /** Null without a store (a worker's health-only server). */
  writer: StoreWriter | null;
  /** An operator's change to every browser: incidents through the other instances too. */
  broadcast: (messages: LiveEvent[]) => void;
}

export async function startApiStreams(
  bus: Bus,
  store: Store | null,
  bundle: SiteBundle,
  log: Logger,
  stops: (() => Promise<void>)[],
): Promise<ApiStreams> {
  const hub = new LiveHub();
  let follower: LiveFollower | null = null;
  if (store && bus.kind === 'kafka') {
    follower = new LiveFollower(bus, hub, log);
    await follower.start();
    stops.push(() => follower!.stop());
  }
  const broadcast = (messages: LiveEvent[]) => {
    if (!follower) return hub.broadcast(messages);
    const incidents = messages.flatMap((m) => (m.type === 'incident' ? [m.data] : []));
    const rest = messages.filter((m) => m.type !== 'incident');
    if (rest.length) hub.broadcast(rest);
    follower
      .publishIncidents(incidents)
      .catch((err: Error) =>
        log.error('incident change not fanned out to the other API instances', { error: err.message }),
      );
  };
  let writer: StoreWriter | null = null;
  if (store) {
    writer = new StoreWriter(bus, store, hub, {
      checklist: sopChecklists(bundle.rules, bundle.sops),
      fanOut: follower ?? undefined,
    });
    await writer.start();
    stops.push(() => writer!.stop());
  }
  return { hub, writer, broadcast };
}
