// How a record finds its zone. The pipeline asks in the feed's declared order; each
// strategy answers with a zone or says why it could not.

export interface SensorPlacement {
  zoneId: string;
  location: { lat: number; lon: number } | null;
}

export interface ZoneLocator {
  bySensor(sensorId: string): SensorPlacement | null;
  byPosition(lat: number, lon: number): string | null;
  byIp(ip: string): { zoneId: string; assetId?: string } | null;
  hasZone(zoneId: string): boolean;
}
