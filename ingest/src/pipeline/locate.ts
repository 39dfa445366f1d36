// Finds an indicator's zone with the feed's strategies, in order. When none answers the
// indicator keeps zoneId null and says why: it is stored and visible, never dropped.
import type { FeedConfig, Indicator } from '@portwatch/schema';
import type { Draft } from '../decoders/decoder.ts';
import type { ZoneLocator } from './zone-locator.ts';

export function locate(ind: Indicator, draft: Draft, feed: FeedConfig, locator: ZoneLocator): void {
  // Why each strategy failed, joined with "; " (a string, not an array: this runs per indicator).
  let tried = '';
  const strategies = feed.zone;
  for (let s = 0; s < strategies.length; s++) {
    let why: string;
    switch (strategies[s]) {
      case 'sensor': {
        if (!draft.sensorId) {
          why = 'no sensor id in record';
          break;
        }
        const placed = locator.bySensor(draft.sensorId);
        if (placed) {
          ind.zoneId = placed.zoneId;
          if (!ind.location && placed.location) ind.location = placed.location;
          return;
        }
        why = `sensor "${draft.sensorId}" not in the site's sensor registry`;
        break;
      }
      case 'position': {
        if (!ind.location) {
          why = 'no position in record';
          break;
        }
        const zone = locator.byPosition(ind.location.lat, ind.location.lon);
        if (zone) {
          ind.zoneId = zone;
          return;
        }
        why = `position ${ind.location.lat.toFixed(5)},${ind.location.lon.toFixed(5)} is outside every zone`;
        break;
      }
      case 'ip': {
        const ips = draft.ips ?? ind.observables.filter((o) => o.type === 'ip').map((o) => o.value);
        // A known asset beats a bare network match: an alert from an unknown HQ laptop
        // against the gate PLC belongs to the gate, where the PLC is.
        let networkHit: { zoneId: string } | null = null;
        for (let i = 0; i < ips.length; i++) {
          const hit = locator.byIp(ips[i]);
          if (hit?.assetId) {
            ind.zoneId = hit.zoneId;
            if (!ind.assetId) ind.assetId = hit.assetId;
            return;
          }
          if (hit && !networkHit) networkHit = hit;
        }
        if (networkHit) {
          ind.zoneId = networkHit.zoneId;
          return;
        }
        why = ips.length ? `no asset or zone network holds ${ips.join(', ')}` : 'no IP address in record';
        break;
      }
      case 'fixed':
        if (feed.fixedZone && locator.hasZone(feed.fixedZone)) {
          ind.zoneId = feed.fixedZone;
          return;
        }
        why = 'fixed zone not set';
        break;
      default:
        continue;
    }
    tried = tried === '' ? why : `${tried}; ${why}`;
  }
  ind.zoneReason = tried;
}
