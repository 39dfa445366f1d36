// ONVIF events as an MQTT bridge publishes them (the Axis layout):
//   {"topic": "tns1:AccessControl/AccessGranted/Credential", "timestamp": <ISO | epoch ms>,
//    "message": {"source": {...SimpleItems}, "key": {...}, "data": {...SimpleItems}}}
// Topic and item names are the ONVIF Access Control, Door Control and Analytics ones.
// A well-formed event on a topic we do not map (I/O ports, heartbeats…), or one that says a
// state is back to normal, is "not used", with the reason: cameras publish many of those and
// they are not errors.
import type { Observable, Severity } from '@portwatch/schema';
import {
  accept,
  newDraft,
  notUsed,
  type DecodeContext,
  type DecodeResult,
  type Decoder,
  type DecoderFactory,
  type Draft,
} from '../decoder.ts';
import {
  parseJsonObject,
  readFlag,
  readObject,
  readOptionalObject,
  readOptionalString,
  readString,
  readTime,
  clipObservable,
  clipTag,
  clipTitle,
  rejectRecord,
  rejectionFrom,
  type JsonObject,
} from '../record-fields.ts';

const EMPTY: JsonObject = Object.freeze({}) as JsonObject;

// Devices prefix topic segments with their namespace (tns1:, onvif:, tnsaxis:).
const NAMESPACE_PREFIX = /(^|\/)[A-Za-z][\w.-]*:/g;

function withoutNamespaces(topic: string): string {
  // The common case, one prefix on the first segment, without a regular expression.
  const first = topic.indexOf(':');
  if (first === -1) return topic;
  const rest = topic.slice(first + 1);
  return first < topic.indexOf('/') && rest.indexOf(':') === -1 ? rest : topic.replace(NAMESPACE_PREFIX, '$1');
}

export const createOnvifDecoder: DecoderFactory = () => {
  const decoder: Decoder = { format: 'onvif', decode: decodeOnvif };
  return decoder;
};

interface Event {
  topic: string;
  time: string;
  source: JsonObject;
  data: JsonObject;
  record: JsonObject;
}

function decodeOnvif(payload: string, ctx: DecodeContext): DecodeResult {
  try {
    const record = parseJsonObject(payload, 'an ONVIF event', ctx);
    const rawTopic = readString(record, 'topic');
    const topic = withoutNamespaces(rawTopic);
    const time = readTime(record, 'timestamp', 'timestamp', 'ms');
    const message = readObject(record, 'message');
    // Bridges that convert the ONVIF XML keep its capitalised element names.
    const source =
      readOptionalObject(message, 'source', 'message.source') ??
      readOptionalObject(message, 'Source', 'message.Source') ??
      EMPTY;
    const data =
      readOptionalObject(message, 'data', 'message.data') ??
      readOptionalObject(message, 'Data', 'message.Data') ??
      EMPTY;
    const event: Event = { topic, time, source, data, record };
    if (topic.startsWith('AccessControl/')) return accessEvent(event);
    if (topic.startsWith('Door/State/')) return doorEvent(event);
    if (topic.startsWith('RuleEngine/') || topic.startsWith('VideoSource/')) return videoEvent(event);
    return unmapped(event);
  } catch (error) {
    return rejectionFrom(error);
  }
}

function unmapped(e: Event): DecodeResult {
  return notUsed(`topic ${e.topic}: Portwatch makes no indicator from this ONVIF topic`);
}

function accessEvent(e: Event): DecodeResult {
  const point = readString(e.source, 'AccessPointToken', 'message.source.AccessPointToken');
  // A known credential is named by its token. A refused or unknown one by what the reader
  // read: the Access Control spec's Denied/Identifier and Denied/CredentialNotFound carry it in
  // IdentifierValue ("the credential number … that was denied access"); the older
  // Denied/CredentialNotFound/Card, kept for backward compatibility, in Card.
  const badge =
    readOptionalString(e.data, 'CredentialToken', 'message.data.CredentialToken') ??
    readOptionalString(e.data, 'IdentifierValue', 'message.data.IdentifierValue') ??
    readOptionalString(e.data, 'Card', 'message.data.Card');
  const identifierType = readOptionalString(e.data, 'IdentifierType', 'message.data.IdentifierType');
  const holder = readOptionalString(e.data, 'CredentialHolderName', 'message.data.CredentialHolderName');
  const who = badge === undefined ? 'anonymous' : holder === undefined ? badge : `${badge} (${holder})`;
  const observables: Observable[] = [];
  if (badge !== undefined) observables.push({ type: 'badge', value: clipObservable(badge) });
  if (holder !== undefined) observables.push({ type: 'user', value: clipObservable(holder) });

  const kind = e.topic.slice('AccessControl/'.length);
  if (kind.startsWith('AccessGranted/')) {
    return accept(draft(e, 'access.granted', `Access granted to ${who} at ${point}`, 1, point, observables, badge));
  }
  // The spec says Denied/…; some bridges write AccessDenied/….
  if (kind.startsWith('Denied/') || kind.startsWith('AccessDenied/')) {
    const reason = readOptionalString(e.data, 'Reason', 'message.data.Reason') ?? kind.slice(kind.indexOf('/') + 1);
    const d = draft(e, 'access.denied', `Access denied to ${who} at ${point}: ${reason}`, 2, point, observables, badge);
    d.tags.push(clipTag(`reason:${reason}`));
    if (identifierType !== undefined) d.tags.push(clipTag(`identifier:${identifierType}`));
    return accept(d);
  }
  if (kind === 'Duress') {
    return accept(draft(e, 'access.duress', `Duress signalled by ${who} at ${point}`, 5, point, observables, badge));
  }
  return unmapped(e);
}

function doorEvent(e: Event): DecodeResult {
  const door = readString(e.source, 'DoorToken', 'message.source.DoorToken');
  const state = readString(e.data, 'State', 'message.data.State');
  switch (e.topic) {
    case 'Door/State/DoorAlarm':
      if (state === 'DoorForcedOpen')
        return accept(draft(e, 'access.door_forced', `Door ${door} forced open`, 4, door, [], undefined));
      if (state === 'DoorOpenTooLong')
        return accept(draft(e, 'access.door_held_open', `Door ${door} held open too long`, 3, door, [], undefined));
      if (state === 'Normal') return notUsed('door alarm back to Normal: only an alarm raises an indicator');
      return rejectRecord(
        `message.data.State: expected Normal, DoorForcedOpen or DoorOpenTooLong, got ${JSON.stringify(state.slice(0, 60))}`,
      );
    case 'Door/State/DoorTamper':
      return state === 'TamperDetected'
        ? accept(draft(e, 'access.door_tamper', `Door ${door} tampered with`, 4, door, [], undefined))
        : notUsed(`door tamper state ${state}: only TamperDetected raises an indicator`);
    case 'Door/State/DoorPhysicalState':
      // Kept so that rules can ask "door opened with no access granted before it".
      return state === 'Open'
        ? accept(draft(e, 'access.door_opened', `Door ${door} opened`, 1, door, [], undefined))
        : notUsed(`door physical state ${state}: only Open raises an indicator`);
    default:
      return unmapped(e);
  }
}

function videoEvent(e: Event): DecodeResult {
  switch (e.topic) {
    case 'RuleEngine/FieldDetector/ObjectsInside': {
      if (!readFlag(e.data, 'IsInside', 'message.data.IsInside'))
        return notUsed('object left the field: only an object entering raises an indicator');
      const camera = cameraToken(e);
      const rule = ruleName(e);
      return accept(
        analytics(
          draft(e, 'video.object_in_field', `Object inside field "${rule}" on ${camera}`, 3, camera, [], undefined, 70),
          rule,
          objectIdOf(e),
        ),
      );
    }
    case 'RuleEngine/LineDetector/Crossed': {
      const camera = cameraToken(e);
      const rule = ruleName(e);
      const objectId = objectIdOf(e);
      const observables: Observable[] = [];
      if (objectId !== undefined)
        observables.push({ type: 'track_id', value: clipObservable(`${camera}/${objectId}`) });
      return accept(
        analytics(
          draft(e, 'video.line_crossed', `Line "${rule}" crossed on ${camera}`, 3, camera, observables, undefined, 70),
          rule,
          objectId,
        ),
      );
    }
    case 'RuleEngine/TamperDetector/Tamper': {
      if (!readFlag(e.data, 'IsTamper', 'message.data.IsTamper'))
        return notUsed('camera tamper cleared: only tampering raises an indicator');
      const camera = cameraToken(e);
      return accept(
        analytics(
          draft(e, 'video.tamper', `Camera ${camera} tampered with`, 4, camera, [], undefined, 80),
          ruleName(e),
          undefined,
        ),
      );
    }
    case 'VideoSource/SignalLoss': {
      if (!readFlag(e.data, 'State', 'message.data.State'))
        return notUsed('video signal back: only a loss raises an indicator');
      const camera = cameraToken(e);
      return accept(draft(e, 'video.signal_loss', `Video signal lost on ${camera}`, 4, camera, [], undefined, 90));
    }
    default:
      // GlobalSceneChange is the ONVIF name for "the view changed": covered, moved, sprayed.
      if (e.topic.startsWith('VideoSource/GlobalSceneChange')) {
        if (!readFlag(e.data, 'State', 'message.data.State'))
          return notUsed('scene change cleared: only a change raises an indicator');
        const camera = cameraToken(e);
        return accept(
          draft(e, 'video.tamper', `Scene change (possible tampering) on ${camera}`, 4, camera, [], undefined, 70),
        );
      }
      return unmapped(e);
  }
}

/**
 * The tracked object an analytics event is about: ONVIF puts ObjectId in the message key
 * (Axis and others also in data). Two objects crossing one line in the same millisecond are
 * two records, so it is part of the identity.
 */
function objectIdOf(e: Event): string | undefined {
  const message = e.record.message as JsonObject;
  const key = (message.key ?? message.Key) as JsonObject | undefined;
  for (const v of [e.data.ObjectId, key !== null && typeof key === 'object' ? key.ObjectId : undefined])
    if ((typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v))) return String(v);
  return undefined;
}

/** Analytics events name the video source configuration; VideoSource events name the source. */
function cameraToken(e: Event): string {
  const s = e.source;
  if (typeof s.VideoSourceConfigurationToken === 'string' && s.VideoSourceConfigurationToken !== '')
    return s.VideoSourceConfigurationToken;
  if (typeof s.Source === 'string' && s.Source !== '') return s.Source;
  if (typeof s.VideoSourceToken === 'string' && s.VideoSourceToken !== '') return s.VideoSourceToken;
  return readString(s, 'VideoSourceConfigurationToken', 'message.source.VideoSourceConfigurationToken');
}

function ruleName(e: Event): string {
  return readOptionalString(e.source, 'Rule', 'message.source.Rule') ?? 'unnamed rule';
}

/** Tags the rule, and makes the rule and the object part of the record's identity. */
function analytics(d: Draft, rule: string, objectId: string | undefined): Draft {
  d.tags.push(clipTag(`rule:${rule}`));
  d.sourceRef += `|${rule}|${objectId ?? ''}`;
  return d;
}

function draft(
  e: Event,
  type: string,
  title: string,
  severity: Severity,
  sensorId: string,
  observables: Observable[],
  badge: string | undefined,
  confidence = 100,
): Draft {
  return newDraft({
    time: e.time,
    domain: 'physical',
    type,
    title: clipTitle(title),
    severity,
    confidence,
    location: null,
    sensorId,
    observables,
    tags: [],
    // The same event redelivered has the same topic, time, sensor and credential.
    sourceRef: `${e.topic}|${e.time}|${sensorId}|${badge ?? ''}`,
    raw: e.record,
  });
}
