// ONVIF events as an MQTT bridge publishes them (Axis layout: topic, timestamp, message with
// source/key/data SimpleItems). Topic and item names are those of the ONVIF Access Control,
// Door Control and Analytics specifications.
import { isoTime, type EventTime } from './event-time.ts';

export interface OnvifAccess {
  time: EventTime;
  accessPoint: string;
  badge: string;
  holder?: string;
  granted: boolean;
  /** Why access was denied, e.g. CredentialExpired, CredentialNotEnabled, InvalidPIN. */
  reason?: string;
}

export type DoorAlarmState = 'DoorForcedOpen' | 'DoorOpenTooLong' | 'Normal';

export interface OnvifDoorAlarm {
  time: EventTime;
  door: string;
  state: DoorAlarmState;
}

export interface OnvifVideo {
  time: EventTime;
  /** The VideoSourceConfigurationToken of the camera. */
  camera: string;
  rule: string;
  kind: 'field' | 'line' | 'tamper' | 'signal_loss';
  objectId?: number;
  /** false for the end of a presence, tamper or signal loss (the property going back). */
  active?: boolean;
}

function envelope(
  topic: string,
  time: EventTime,
  source: Record<string, string>,
  data: Record<string, unknown>,
): string {
  return JSON.stringify({ topic, timestamp: isoTime(time), message: { source, key: {}, data } });
}

export function encodeOnvifAccess(e: OnvifAccess): string {
  const data: Record<string, string> = { CredentialToken: e.badge };
  if (e.holder !== undefined) data.CredentialHolderName = e.holder;
  if (e.granted)
    return envelope('tns1:AccessControl/AccessGranted/Credential', e.time, { AccessPointToken: e.accessPoint }, data);
  data.Reason = e.reason ?? 'CredentialNotEnabled';
  return envelope('tns1:AccessControl/Denied/Credential', e.time, { AccessPointToken: e.accessPoint }, data);
}

export function encodeOnvifDoorAlarm(e: OnvifDoorAlarm): string {
  return envelope('tns1:Door/State/DoorAlarm', e.time, { DoorToken: e.door }, { State: e.state });
}

export function encodeOnvifVideo(e: OnvifVideo): string {
  const active = e.active ?? true;
  const analytics = {
    VideoSourceConfigurationToken: e.camera,
    VideoAnalyticsConfigurationToken: `VAC-${e.camera}`,
    Rule: e.rule,
  };
  switch (e.kind) {
    case 'field':
      return envelope('tns1:RuleEngine/FieldDetector/ObjectsInside', e.time, analytics, { IsInside: active });
    case 'line':
      return envelope('tns1:RuleEngine/LineDetector/Crossed', e.time, analytics, { ObjectId: e.objectId ?? 0 });
    case 'tamper':
      return envelope('tns1:RuleEngine/TamperDetector/Tamper', e.time, analytics, { IsTamper: active });
    case 'signal_loss':
      return envelope('tns1:VideoSource/SignalLoss', e.time, { Source: e.camera }, { State: active });
  }
}
