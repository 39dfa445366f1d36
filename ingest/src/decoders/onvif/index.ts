// ONVIF events as an MQTT bridge publishes them (the Axis layout):
//   {"topic": "tns1:AccessControl/AccessGranted/Credential", "timestamp": <ISO | epoch ms>,
//    "message": {"source": {...SimpleItems}, "key": {...}, "data": {...SimpleItems}}}
// Topic and item names are the ONVIF Access Control, Door Control and Analytics ones.
// A well-formed event on a topic we do not map (I/O ports, heartbeats…) is accepted with no
// drafts: cameras publish many of those and they are not errors.
import type { Observable, Severity } from '@portwatch/schema';
import {
  accept,
  newDraft,
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
    return accept();
  } catch (error) {
    return rejectionFrom(error);
  }
}

function accessEvent(e: Event): DecodeResult {
  const point = readString(e.source, 'AccessPointToken', 'message.source.AccessPointToken');
  // Denied/CredentialNotFound/Card carries the unknown card number instead of a token.
  const badge =
    readOptionalString(e.data, 'CredentialToken', 'message.data.CredentialToken') ??
    readOptionalString(e.data, 'Card', 'message.data.Card');
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
    return accept(d);
  }
  if (kind === 'Duress') {
    return accept(draft(e, 'access.duress', `Duress signalled by ${who} at ${point}`, 5, point, observables, badge));
  }
  return accept();
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
      if (state === 'Normal') return accept();
      return rejectRecord(
        `message.data.State: expected Normal, DoorForcedOpen or DoorOpenTooLong, got ${JSON.stringify(state.slice(0, 60))}`,
      );
    case 'Door/State/DoorTamper':
      return state === 'TamperDetected'
        ? accept(draft(e, 'access.door_tamper', `Door ${door} tampered with`, 4, door, [], undefined))
        : accept();
    case 'Door/State/DoorPhysicalState':
      // Kept so that rules can ask "door opened with no access granted before it".
      return state === 'Open'
        ? accept(draft(e, 'access.door_opened', `Door ${door} opened`, 1, door, [], undefined))
        : accept();
    default:
      return accept();
  }
}

function videoEvent(e: Event): DecodeResult {
  switch (e.topic) {
    case 'RuleEngine/FieldDetector/ObjectsInside': {
      if (!readFlag(e.data, 'IsInside', 'message.data.IsInside')) return accept();
      const camera = cameraToken(e);
      const rule = ruleName(e);
      return accept(
        tagRule(
          draft(e, 'video.object_in_field', `Object inside field "${rule}" on ${camera}`, 3, camera, [], undefined, 70),
          rule,
        ),
      );
    }
    case 'RuleEngine/LineDetector/Crossed': {
      const camera = cameraToken(e);
      const rule = ruleName(e);
      const objectId = e.data.ObjectId;
      const observables: Observable[] = [];
      if (typeof objectId === 'string' || typeof objectId === 'number')
        observables.push({ type: 'track_id', value: clipObservable(`${camera}/${objectId}`) });
      return accept(
        tagRule(
          draft(e, 'video.line_crossed', `Line "${rule}" crossed on ${camera}`, 3, camera, observables, undefined, 70),
          rule,
        ),
      );
    }
    case 'RuleEngine/TamperDetector/Tamper': {
      if (!readFlag(e.data, 'IsTamper', 'message.data.IsTamper')) return accept();
      const camera = cameraToken(e);
      return accept(
        tagRule(draft(e, 'video.tamper', `Camera ${camera} tampered with`, 4, camera, [], undefined, 80), ruleName(e)),
      );
    }
    case 'VideoSource/SignalLoss': {
      if (!readFlag(e.data, 'State', 'message.data.State')) return accept();
      const camera = cameraToken(e);
      return accept(draft(e, 'video.signal_loss', `Video signal lost on ${camera}`, 4, camera, [], undefined, 90));
    }
    default:
      // GlobalSceneChange is the ONVIF name for "the view changed": covered, moved, sprayed.
      if (e.topic.startsWith('VideoSource/GlobalSceneChange')) {
        if (!readFlag(e.data, 'State', 'message.data.State')) return accept();
        const camera = cameraToken(e);
        return accept(
          draft(e, 'video.tamper', `Scene change (possible tampering) on ${camera}`, 4, camera, [], undefined, 70),
        );
      }
      return accept();
  }
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

function tagRule(d: Draft, rule: string): Draft {
  d.tags.push(clipTag(`rule:${rule}`));
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
