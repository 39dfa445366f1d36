// Great-circle distance in nautical miles (haversine): what a vessel must have covered between
// two position reports, the measure the AIS tracker holds to a top speed.
import type { GeoPoint } from '@portwatch/schema';

const EARTH_RADIUS_NM = 3440.065;

export function distanceNm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_NM * Math.asin(Math.min(1, Math.sqrt(h)));
}
