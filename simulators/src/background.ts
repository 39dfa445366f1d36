// A normal day at the site: badge traffic by shift, camera analytics, benign IDS noise.
// Scenarios must be found in this noise, so none of it alone should raise an incident:
// cyber noise stays at low severity and physical noise is mostly routine access.
import type { CaptureRecord, FeedConfig, Site, SensorFeature, ZoneKind } from '@portwatch/schema';
import { encodeOnvifAccess, encodeOnvifVideo } from './encoders/onvif.ts';
import { encodeEve } from './encoders/eve.ts';
import { encodeCefSyslog } from './encoders/cef.ts';
import { encodeZeekConn } from './encoders/zeek.ts';
import { Rng } from './rng.ts';
import { SiteTopics } from './topics.ts';
import { BackgroundAis } from './background-ais.ts';

export interface BackgroundOptions {
  /** Badge swipes per minute at the busiest hour. */
  badgesPerMin?: number;
  idsPerMin?: number;
  cameraPerMin?: number;
}

const BENIGN_SIGNATURES = [
  { sid: 2013028, msg: 'ET POLICY curl User-Agent Outbound', category: 'Attempted Information Leak' },
  { sid: 2027390, msg: 'ET INFO User-Agent (python-requests) Inbound to Webserver', category: 'Misc activity' },
  { sid: 2210054, msg: 'SURICATA STREAM excessive retransmissions', category: 'Generic Protocol Command Decode' },
  {
    sid: 2016149,
    msg: 'ET INFO Session Traversal Utilities for NAT (STUN Binding Request)',
    category: 'Attempted User Privilege Gain',
  },
];

const HOLDERS = [
  'M. García',
  'J. Martínez',
  'A. López',
  'C. Sánchez',
  'L. Pérez',
  'R. Gómez',
  'P. Ruiz',
  'E. Díaz',
  'S. Moreno',
  'D. Navarro',
];

/** Shift changes (06, 14, 22 local) are the peaks; nights are quiet. */
export function shiftFactor(date: Date, timezone: string): number {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: timezone }).format(date),
  );
  if ([5, 6, 13, 14, 21, 22].includes(hour)) return 1;
  if (hour >= 7 && hour < 20) return 0.6;
  return 0.2;
}

/** What a camera's analytics rule watches, by its zone's kind (a port quay, an airport apron…). */
const CAMERA_RULE: Record<ZoneKind, string> = {
  terminal: 'Hall occupancy',
  cargo: 'Stack aisle',
  gate: 'Gate lane',
  it: 'Server room',
  fuel: 'Tank bund',
  water: 'Quay edge',
  admin: 'Lobby',
  airside: 'Airside line',
  landside: 'Kerbside',
};

function byKind(site: Site, kind: string): SensorFeature[] {
  return site.sensors.features.filter((s) => s.properties.kind === kind);
}

export class BackgroundTraffic {
  private topics: SiteTopics;
  private readers: SensorFeature[];
  private cameras: SensorFeature[];
  private idsTaps: SensorFeature[];
  private badges: string[];
  private readonly o: Required<BackgroundOptions>;
  private ais: BackgroundAis;

  constructor(
    private site: Site,
    feeds: FeedConfig[],
    private rng: Rng,
    options: BackgroundOptions = {},
  ) {
    this.topics = new SiteTopics(feeds);
    this.readers = byKind(site, 'access_reader');
    this.cameras = byKind(site, 'camera');
    this.idsTaps = byKind(site, 'ids_tap');
    this.badges = Array.from({ length: 400 }, (_, i) => `BADGE-${String(4000 + i * 7).padStart(6, '0')}`);
    this.o = { badgesPerMin: 30, idsPerMin: 4, cameraPerMin: 1, ...options };
    this.ais = new BackgroundAis(site, this.topics);
  }

  /** The records of [fromMs, toMs), in time order. */
  slice(fromMs: number, toMs: number): CaptureRecord[] {
    const out: CaptureRecord[] = [];
    const factor = shiftFactor(new Date(fromMs), this.site.timezone);
    this.poisson(out, fromMs, toMs, (this.o.badgesPerMin * factor) / 60_000, (t) => this.badge(t));
    this.poisson(out, fromMs, toMs, this.o.idsPerMin / 60_000, (t) => this.ids(t));
    this.poisson(out, fromMs, toMs, (this.o.cameraPerMin * factor) / 60_000, (t) => this.camera(t));
    this.poisson(out, fromMs, toMs, 2 / 60_000, (t) => this.firewall(t));
    this.poisson(out, fromMs, toMs, 3 / 60_000, (t) => this.zeekConn(t));
    out.push(...this.ais.slice(fromMs, toMs));
    return out.sort((a, b) => a.t.localeCompare(b.t));
  }

  private poisson(
    out: CaptureRecord[],
    from: number,
    to: number,
    perMs: number,
    make: (t: Date) => CaptureRecord | null,
  ) {
    if (perMs <= 0) return;
    for (let t = from + this.rng.gap(perMs); t < to; t += this.rng.gap(perMs)) {
      const rec = make(new Date(Math.floor(t)));
      if (rec) out.push(rec);
    }
  }

  private emit(feed: string, sensorId: string, t: Date, payload: string): CaptureRecord | null {
    const e = this.topics.topic(feed, sensorId);
    return e ? { t: t.toISOString(), via: e.via, topic: e.topic, payload } : null;
  }

  private readersByZone: SensorFeature[][] | null = null;

  private badge(t: Date): CaptureRecord | null {
    if (!this.readers.length) return null;
    // Staff work in one place: each badge has a home zone and is swiped at its readers only
    // (a badge seen in two zones at once is what the cloned-badge rule looks for).
    if (!this.readersByZone) {
      const byZone = new Map<string, SensorFeature[]>();
      for (const r of this.readers) byZone.set(r.properties.zoneId, [...(byZone.get(r.properties.zoneId) ?? []), r]);
      this.readersByZone = [...byZone.values()];
    }
    const badgeIdx = this.rng.int(0, this.badges.length - 1);
    const reader = this.rng.pick(this.readersByZone[badgeIdx % this.readersByZone.length]).properties.id;
    const granted = this.rng.chance(0.97);
    const payload = encodeOnvifAccess({
      time: t,
      accessPoint: reader,
      badge: this.badges[badgeIdx],
      holder: HOLDERS[badgeIdx % HOLDERS.length],
      granted,
      reason: granted ? undefined : this.rng.pick(['CredentialExpired', 'CredentialNotEnabled', 'InvalidPIN']),
    });
    return this.emit('access-control', reader, t, payload);
  }

  private camera(t: Date): CaptureRecord | null {
    if (!this.cameras.length) return null;
    const camera = this.rng.pick(this.cameras).properties;
    const cam = camera.id;
    const kind = this.site.zones.features.find((z) => z.properties.id === camera.zoneId)?.properties.kind;
    const payload = encodeOnvifVideo({ time: t, camera: cam, rule: kind ? CAMERA_RULE[kind] : 'Field', kind: 'field' });
    return this.emit('video-analytics', cam, t, payload);
  }

  private lanHost(): { zoneId: string; ip: string } | null {
    const zones = this.site.zones.features.filter((z) => z.properties.networks.length);
    if (!zones.length) return null;
    const z = this.rng.pick(zones);
    return {
      zoneId: z.properties.id,
      ip: `${z.properties.networks[0].split('.').slice(0, 3).join('.')}.${this.rng.int(100, 199)}`,
    };
  }

  /** Routine firewall traffic: outbound web allowed, the odd inbound probe denied (CEF severity 3). */
  private firewall(t: Date): CaptureRecord | null {
    const host = this.lanHost();
    if (!host) return null;
    const outside = `${this.rng.int(23, 213)}.${this.rng.int(0, 255)}.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}`;
    const deny = this.rng.chance(0.3);
    const payload = encodeCefSyslog({
      time: t,
      host: 'fw-edge-01',
      vendor: 'Fortinet',
      product: 'FortiGate',
      version: '7.2',
      signatureId: deny ? 13 : 2,
      name: deny ? 'Denied by policy' : 'Allowed by policy',
      severity: 3,
      extension: deny
        ? { src: outside, dst: host.ip, dpt: this.rng.pick([22, 23, 3389, 445]), act: 'deny' }
        : { src: host.ip, dst: outside, dpt: 443, act: 'accept' },
    });
    return this.emit('firewall', 'fw-edge-01', t, payload);
  }

  /** Ordinary connections seen by Zeek: logged, but not indicators by themselves. */
  private zeekConn(t: Date): CaptureRecord | null {
    const host = this.lanHost();
    if (!host) return null;
    const payload = encodeZeekConn({
      time: t,
      uid: `C${Math.floor(this.rng.next() * 36 ** 8).toString(36)}`,
      origHost: host.ip,
      origPort: this.rng.int(32768, 60999),
      respHost: `${this.rng.int(23, 213)}.${this.rng.int(0, 255)}.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}`,
      respPort: 443,
      proto: 'tcp',
      service: 'ssl',
      duration: Math.round(this.rng.next() * 3000) / 100,
      origBytes: this.rng.int(300, 9000),
      respBytes: this.rng.int(1000, 90000),
      connState: 'SF',
    });
    return this.emit('zeek', 'zeek-01', t, payload);
  }

  private ids(t: Date): CaptureRecord | null {
    if (!this.idsTaps.length) return null;
    const tap = this.rng.pick(this.idsTaps);
    const zone = this.site.zones.features.find((z) => z.properties.id === tap.properties.zoneId);
    const net = zone?.properties.networks[0]?.split('.').slice(0, 3).join('.') ?? '10.0.0';
    const sig = this.rng.pick(BENIGN_SIGNATURES);
    const payload = encodeEve({
      time: t,
      kind: 'alert',
      host: tap.properties.id,
      srcIp: `${net}.${this.rng.int(100, 199)}`,
      srcPort: this.rng.int(32768, 60999),
      destIp: `${this.rng.int(23, 213)}.${this.rng.int(0, 255)}.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}`,
      destPort: this.rng.pick([443, 80, 3478]),
      proto: this.rng.pick(['TCP', 'UDP']),
      signature: sig.msg,
      signatureId: sig.sid,
      category: sig.category,
      severity: 3,
      flowId: this.rng.int(1, 2 ** 31),
    });
    return this.emit('suricata', tap.properties.id, t, payload);
  }
}
