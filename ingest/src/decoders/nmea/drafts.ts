// Decoded AIS messages to drafts: what an operator sees of a vessel report. Position
// reports carry no name or IMO number, so the latest static data per MMSI is remembered
// (bounded) to make titles and observables useful.
import type { GeoPoint, Observable } from '@portwatch/schema';
import { newDraft, type Draft } from '../decoder.ts';
import type {
  AtonReport,
  BaseStationReport,
  ClassBStaticReport,
  LongRangeReport,
  PositionReport,
  StaticReport,
} from './messages.ts';
import { navStatusName, shipTypeName } from './vocabulary.ts';

/** Where and when a message was heard; shared by every draft made from it. */
export interface Heard {
  time: string;
  sensorId: string | null;
  ownShip: boolean;
  sourceRef: string;
}

export interface VesselStatic {
  imo: number | null;
  name: string | null;
  callsign: string | null;
  shipType: number | null;
}

/** Latest static data per MMSI, least recently updated evicted first. */
export class VesselRegistry {
  private readonly vessels = new Map<string, VesselStatic>();

  constructor(private readonly maxVessels = 10_000) {}

  get(mmsi: string): VesselStatic | undefined {
    return this.vessels.get(mmsi);
  }

  /** Merges what a message says; fields it does not carry keep their earlier value. */
  update(mmsi: string, info: Partial<VesselStatic>): void {
    const known = this.vessels.get(mmsi);
    const merged: VesselStatic = {
      imo: info.imo ?? known?.imo ?? null,
      name: info.name || known?.name || null,
      callsign: info.callsign || known?.callsign || null,
      shipType: info.shipType || known?.shipType || null,
    };
    this.vessels.delete(mmsi);
    if (this.vessels.size >= this.maxVessels) this.vessels.delete(this.vessels.keys().next().value as string);
    this.vessels.set(mmsi, merged);
  }
}

// AIS is self-reported and unauthenticated: what it says is likely, not proven.
const AIS_CONFIDENCE = 80;

function pointOf(lat: number | null, lon: number | null): GeoPoint | null {
  return lat === null || lon === null ? null : { lat, lon };
}

function observablesOf(mmsi: string, imo: number | null | undefined): Observable[] {
  const observables: Observable[] = [{ type: 'mmsi', value: mmsi }];
  if (imo) observables.push({ type: 'imo', value: String(imo) });
  return observables;
}

function label(mmsi: string, name: string | null | undefined): string {
  return name ? `${name} (MMSI ${mmsi})` : `MMSI ${mmsi}`;
}

function baseDraft(heard: Heard, type: string, mmsi: string): Omit<Draft, 'title' | 'location' | 'observables'> {
  return {
    time: heard.time,
    domain: 'physical',
    type,
    severity: 1,
    confidence: AIS_CONFIDENCE,
    sensorId: heard.sensorId,
    correlationKey: `mmsi:${mmsi}`,
    tags: heard.ownShip ? ['ais', 'own_ship'] : ['ais'],
    sourceRef: heard.sourceRef,
  };
}

export function positionDraft(report: PositionReport, known: VesselStatic | undefined, heard: Heard): Draft {
  // Position reports are nearly all AIS traffic: plain concatenation and no object
  // spreads here keep the decoder well above 100 000 sentences/s.
  const name = report.name || known?.name || null;
  const location = pointOf(report.lat, report.lon);
  const status = navStatusName(report.navStatus);
  let title = `${label(report.mmsi, name)}: `;
  if (status) title += `${status}, `;
  title += report.sog === null ? 'speed not available' : `${report.sog.toFixed(1)} kn`;
  if (report.cog !== null) title += `, course ${report.cog.toFixed(1)}°`;
  if (!location) title += ', position not available';
  const raw: Record<string, unknown> = {
    messageType: report.messageType,
    mmsi: report.mmsi,
    aisClass: report.aisClass,
    sog: report.sog,
    cog: report.cog,
    heading: report.heading,
    navStatus: report.navStatus,
    rot: report.rot,
    accuracy: report.accuracy,
    second: report.second,
  };
  if (name) raw.name = name;
  if (known?.imo) raw.imo = known.imo;
  if (report.shipType !== undefined) {
    raw.shipType = report.shipType;
    raw.dimensions = report.dimensions;
  }
  const classTag = report.aisClass === 'A' ? 'class_a' : 'class_b';
  return newDraft({
    time: heard.time,
    domain: 'physical',
    type: 'ais.position',
    title,
    severity: 1,
    confidence: AIS_CONFIDENCE,
    location,
    sensorId: heard.sensorId,
    observables: observablesOf(report.mmsi, known?.imo),
    correlationKey: `mmsi:${report.mmsi}`,
    tags: heard.ownShip ? ['ais', 'own_ship', classTag] : ['ais', classTag],
    sourceRef: heard.sourceRef,
    raw,
  });
}

export function staticDraft(report: StaticReport, heard: Heard): Draft {
  const typeName = shipTypeName(report.shipType);
  const ids = [
    `MMSI ${report.mmsi}`,
    report.imo ? `IMO ${report.imo}` : null,
    report.callsign ? `call sign ${report.callsign}` : null,
  ];
  const title = [
    `Static data: ${report.name || 'unnamed'} (${ids.filter(Boolean).join(', ')})`,
    typeName,
    report.destination ? `bound for ${report.destination}` : null,
  ].filter(Boolean);
  const { kind: _kind, ...fields } = report;
  return newDraft({
    ...baseDraft(heard, 'ais.static', report.mmsi),
    title: title.join(', '),
    location: null,
    observables: observablesOf(report.mmsi, report.imo),
    raw: { ...fields, shipTypeName: typeName },
  });
}

/**
 * Class B static data (type 24): part A names the vessel, part B gives its type, call sign
 * and size. Each part alone is partial, so the title also uses what the other part said
 * before (the registry, already updated with this part).
 */
export function classBStaticDraft(report: ClassBStaticReport, known: VesselStatic | undefined, heard: Heard): Draft {
  const name = report.name || known?.name || null;
  const callsign = report.callsign || known?.callsign || null;
  const shipType = report.shipType ?? known?.shipType ?? null;
  const typeName = shipType === null ? null : shipTypeName(shipType);
  const ids = [`MMSI ${report.mmsi}`, callsign ? `call sign ${callsign}` : null].filter(Boolean);
  const title = [`Static data: ${name || 'unnamed'} (${ids.join(', ')})`, typeName, `class B part ${report.part}`];
  const { kind: _kind, ...fields } = report;
  return newDraft({
    ...baseDraft(heard, 'ais.static', report.mmsi),
    title: title.filter(Boolean).join(', '),
    location: null,
    observables: observablesOf(report.mmsi, null),
    tags: heard.ownShip ? ['ais', 'own_ship', 'class_b'] : ['ais', 'class_b'],
    raw: { ...fields, ...(typeName ? { shipTypeName: typeName } : {}) },
  });
}

/** A base station's report (type 4): where the shore station is and what its clock says. */
export function baseStationDraft(report: BaseStationReport, heard: Heard): Draft {
  const { kind: _kind, ...fields } = report;
  return newDraft({
    ...baseDraft(heard, 'ais.base_station', report.mmsi),
    title: `AIS base station MMSI ${report.mmsi}${report.utc ? `, clock ${report.utc}` : ''}`,
    location: pointOf(report.lat, report.lon),
    observables: observablesOf(report.mmsi, null),
    raw: fields,
  });
}

/**
 * A long-range report (type 27, meant for satellites): a coarse position (1/10 minute), its
 * own type so that the track and its gap detection, which expect the 2–10 s of a class A
 * report, are not fed reports that come every 3 minutes.
 */
export function longRangeDraft(report: LongRangeReport, known: VesselStatic | undefined, heard: Heard): Draft {
  const status = navStatusName(report.navStatus);
  let title = `${label(report.mmsi, known?.name)}: long-range report, `;
  if (status) title += `${status}, `;
  title += report.sog === null ? 'speed not available' : `${report.sog} kn`;
  if (report.cog !== null) title += `, course ${report.cog}°`;
  const location = pointOf(report.lat, report.lon);
  if (!location) title += ', position not available';
  const { kind: _kind, ...fields } = report;
  return newDraft({
    ...baseDraft(heard, 'ais.long_range', report.mmsi),
    title,
    location,
    observables: observablesOf(report.mmsi, known?.imo),
    tags: heard.ownShip ? ['ais', 'own_ship', 'long_range'] : ['ais', 'long_range'],
    raw: { ...fields, ...(known?.name ? { name: known.name } : {}) },
  });
}

export function atonDraft(report: AtonReport, heard: Heard): Draft {
  const flags = [report.virtual ? 'virtual' : null, report.offPosition ? 'off position' : null].filter(Boolean);
  const { kind: _kind, ...fields } = report;
  return newDraft({
    ...baseDraft(heard, 'ais.aton', report.mmsi),
    title: `Aid to navigation ${label(report.mmsi, report.name)}${flags.length ? ` (${flags.join(', ')})` : ''}`,
    location: pointOf(report.lat, report.lon),
    observables: observablesOf(report.mmsi, null),
    raw: fields,
  });
}

export function invalidMmsiDraft(
  mmsi: string,
  reason: string,
  messageType: number,
  location: GeoPoint | null,
  heard: Heard,
): Draft {
  return newDraft({
    ...baseDraft(heard, 'ais.invalid_mmsi', mmsi),
    title: `Invalid MMSI ${mmsi} in an AIS type ${messageType} report: ${reason}`,
    severity: 3,
    // The malformation is certain; whether it is a misconfiguration or spoofing is not.
    confidence: 90,
    location,
    observables: observablesOf(mmsi, null),
    sourceRef: `${heard.sourceRef}:invalid_mmsi`,
    raw: { mmsi, messageType, reason },
  });
}
