// The wire-format encoders: what each real device or tool would emit, as a string.
// export { … } from './nmea.ts'; — the AIS engineer adds the NMEA encoder's line here.
export {
  encodeOnvifAccess,
  encodeOnvifDoorAlarm,
  encodeOnvifVideo,
  type OnvifAccess,
  type OnvifDoorAlarm,
  type OnvifVideo,
  type DoorAlarmState,
} from './onvif.ts';
export { encodeEve, eveTimestamp, type EveEvent, type EveKind } from './eve.ts';
export { encodeZeekNotice, encodeZeekConn, type ZeekNotice, type ZeekConn, type ZeekTimestamps } from './zeek.ts';
export { encodeCefSyslog, type CefEvent } from './cef.ts';
export { encodePids, type PidsEvent, type PidsEventKind } from './pids.ts';
export { encodeRemoteId, type RemoteIdFix } from './remoteid.ts';
export {
  encodeIdmefIncident,
  idmefIncidentAlert,
  IDMEF_VERSION,
  type IdmefAlert,
  type IdmefOptions,
} from '@portwatch/schema';
export { communityId } from './community-id.ts';
export type { EventTime } from './event-time.ts';
