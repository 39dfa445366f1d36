// Drone Remote ID as a receiver publishes it: one JSON object per Location message, merged
// with the drone's Basic ID, System and Operator ID messages, in ASTM F3411 / Open Drone ID
// field names.
import { isoTime, type EventTime } from './event-time.ts';

export interface RemoteIdFix {
  time: EventTime;
  uasId: string;
  /** F3411 ID type: 1 serial number (ANSI/CTA-2063-A), 2 CAA registration, 3 UTM UUID, 4 session id. */
  idType?: 0 | 1 | 2 | 3 | 4;
  /** F3411 UA type: 2 is helicopter or multirotor. */
  uaType?: number;
  lat: number;
  lon: number;
  geodeticAltitude?: number;
  pressureAltitude?: number;
  /** Height above the take-off point, metres. */
  height?: number;
  /** m/s */
  speed?: number;
  /** Degrees from true north. */
  track?: number;
  operatorLat?: number;
  operatorLon?: number;
  operatorId?: string;
  /** The receiver's own id. */
  receiver?: string;
}

export function encodeRemoteId(f: RemoteIdFix): string {
  const record: Record<string, unknown> = {
    uas_id: f.uasId,
    id_type: f.idType ?? 1,
    ua_type: f.uaType ?? 2,
    timestamp: isoTime(f.time),
    status: 2, // airborne
    latitude: f.lat,
    longitude: f.lon,
    geodetic_altitude: f.geodeticAltitude ?? -1000, // F3411: -1000 is "unknown"
    pressure_altitude: f.pressureAltitude ?? -1000,
    height: f.height ?? -1000,
    height_type: 0,
    speed_horizontal: f.speed ?? 255, // 255: unknown
    track_direction: f.track ?? 361, // 361: unknown
  };
  if (f.operatorLat !== undefined && f.operatorLon !== undefined) {
    record.operator_latitude = f.operatorLat;
    record.operator_longitude = f.operatorLon;
  }
  if (f.operatorId !== undefined) record.operator_id = f.operatorId;
  if (f.receiver !== undefined) record.receiver_id = f.receiver;
  return JSON.stringify(record);
}
