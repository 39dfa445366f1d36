// A drone on the runway's approach, as at Gatwick on 19–21 December 2018: sightings near the
// runway closed it for about 33 hours and some 1,000 flights were cancelled or diverted. Here
// a drone broadcasting Remote ID climbs out of the car parks' direction into the approach
// area of runway 23, flies in along the extended centreline over the threshold and the
// runway, leaves, and comes back ten minutes later — what kept Gatwick closed.
import type { Site } from '@portwatch/schema';
import { encodeRemoteId } from '../encoders/remoteid.ts';
import { recorder, type Scenario } from '../scenario.ts';

const MIN = 60_000;
const UAS = '1581F4XFC237L00AZC1N';

/** The mean of a zone's outline: a point well inside the simple plans these sites draw. */
function middle(site: Site, zoneId: string): { lat: number; lon: number } {
  const zone = site.zones.features.find((z) => z.properties.id === zoneId);
  if (!zone) throw new Error(`site "${site.id}" has no zone "${zoneId}" (zones.geojson)`);
  const ring = zone.geometry.coordinates[0].slice(0, -1);
  return {
    lat: ring.reduce((a, p) => a + p[1], 0) / ring.length,
    lon: ring.reduce((a, p) => a + p[0], 0) / ring.length,
  };
}

export const runwayDrone: Scenario = {
  id: 'runway-drone',
  title: 'A drone on the approach to runway 23, over the runway, then back again',
  sites: ['zagreb-airport'],
  basedOn:
    'The Gatwick Airport drone incident, 19–21 December 2018: repeated drone sightings near the runway halted flights for about 33 hours (UK Department for Transport and Sussex Police accounts)',
  description:
    'A drone’s Remote ID is received by the tower’s detector as it climbs to 90 m in the approach and departure area beyond runway 23, then flies in along the centreline over the threshold and down the runway before turning away; ten minutes later it is back in the approach area. Its operator position is in the car parks. Expected: one incident, the drone near the runway, in approach-ne where it was first seen — its return and its pass over the runway update it rather than raising more.',
  durationMs: 20 * MIN,
  injects: [
    { atS: 0, title: 'A drone climbs in the approach area, then flies in along the centreline', feeds: ['drones'] },
    { atS: 900, title: 'The drone is back in the approach area for a few minutes', feeds: ['drones'] },
  ],
  expected: () => [{ ruleId: 'drone-near-runway', zoneId: 'approach-ne', deadlineMs: 2 * MIN }],
  build(ctx) {
    const r = recorder(ctx);
    const approach = middle(ctx.site, 'approach-ne');
    const runway = middle(ctx.site, 'runway');
    const operator = middle(ctx.site, 'landside');
    const fix = (offsetMs: number, f: number, height: number, speed: number) =>
      r.at(offsetMs, 'drones', 'DRN-01', (t) =>
        encodeRemoteId({
          time: t,
          uasId: UAS,
          uaType: 2,
          // f = 0 over the approach area's middle, 1 over the runway's.
          lat: approach.lat + (runway.lat - approach.lat) * f,
          lon: approach.lon + (runway.lon - approach.lon) * f,
          height,
          speed,
          operatorLat: operator.lat,
          operatorLon: operator.lon,
          receiver: 'DRN-01',
        }),
      );
    // 1. Climbing in the approach area, then in along the centreline (one broadcast every 15 s).
    for (let k = 0; k < 8; k++) fix(k * 15_000, 0, 30 + k * 10, 3);
    for (let k = 0; k < 12; k++) fix(2 * MIN + k * 15_000, 0.06 * k, 90, 12);
    // 2. Ten minutes later, back in the approach area for a few minutes.
    for (let k = 0; k < 10; k++) fix(15 * MIN + k * 15_000, 0.05, 70, 2);
    return r.records();
  },
};
