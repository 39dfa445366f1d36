import { beforeAll, describe, expect, it } from 'vitest';
import type { Severity } from '@portwatch/schema';
import { CAP_LEVELS, capPolygon, exportCap } from './cap.ts';
import type { ExportInput } from './export-input.ts';
import { aisExercise, allFixtures, droneReplay, hybridLive, valenciaZones } from './export-fixtures.case.ts';
import { xmllintCap } from './standard-schemas.case.ts';

function field(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);
}

let zones: Awaited<ReturnType<typeof valenciaZones>>;
beforeAll(async () => {
  zones = await valenciaZones();
});

describe('CAP 1.2 export', () => {
  it('validates against the OASIS CAP 1.2 XSD for every fixture incident', async () => {
    for (const input of await allFixtures()) {
      const xml = exportCap(input);
      expect(xmllintCap(xml), `${input.incident.id}\n${xml}`).toBe('');
    }
  });

  it('xmllint rejects what the XSD forbids (a sent time in Z form), so the check above can fail', () => {
    const xml = exportCap(hybridLive(zones)).replace(/<sent>[^<]*<\/sent>/, '<sent>2026-12-04T03:11:07Z</sent>');
    expect(xmllintCap(xml)).toMatch(/sent/);
  });

  it('says Actual only for a live incident: Exercise for an exercise, Test for a replay', () => {
    expect(field(exportCap(hybridLive(zones)), 'status')).toEqual(['Actual']);
    const exercise = exportCap(aisExercise(zones));
    expect(field(exercise, 'status')).toEqual(['Exercise']);
    expect(field(exercise, 'note')[0]).toMatch(/^EXERCISE: /);
    expect(field(exportCap(droneReplay(zones)), 'status')).toEqual(['Test']);
  });

  it('writes sent and onset in seconds with a numeric offset, never Z', () => {
    const xml = exportCap(hybridLive(zones));
    expect(field(xml, 'sent')).toEqual(['2026-12-04T03:11:07+00:00']);
    expect(field(xml, 'onset')).toEqual(['2026-12-04T03:11:07+00:00']);
    for (const time of [...field(xml, 'sent'), ...field(xml, 'onset')]) expect(time).toMatch(/[+-]\d\d:\d\d$/);
  });

  it('raises urgency, severity and certainty together with the incident severity', () => {
    const rank = {
      urgency: ['Unknown', 'Past', 'Future', 'Expected', 'Immediate'],
      severity: ['Unknown', 'Minor', 'Moderate', 'Severe', 'Extreme'],
      certainty: ['Unknown', 'Unlikely', 'Possible', 'Likely', 'Observed'],
    } as const;
    const base = hybridLive(zones);
    let previous = [-1, -1, -1];
    for (const severity of [0, 1, 2, 3, 4, 5] as Severity[]) {
      const xml = exportCap({ ...base, incident: { ...base.incident, severity } });
      const now = (['urgency', 'severity', 'certainty'] as const).map((k) =>
        (rank[k] as readonly string[]).indexOf(field(xml, k)[0]),
      );
      now.forEach((r, i) => expect(r, `severity ${severity}`).toBeGreaterThanOrEqual(previous[i]));
      expect(field(xml, 'urgency')[0]).toBe(CAP_LEVELS[severity].urgency);
      previous = now;
    }
    expect(previous).toEqual([4, 4, 4]);
  });

  it('sends an open incident as an Alert and a resolved one as an Update referencing that Alert', () => {
    const open = exportCap(hybridLive(zones));
    expect(field(open, 'msgType')).toEqual(['Alert']);
    const resolvedInput = aisExercise(zones);
    const resolved = exportCap(resolvedInput);
    expect(field(resolved, 'msgType')).toEqual(['Update']);
    expect(field(resolved, 'responseType')).toEqual(['AllClear']);
    const asAlert = exportCap({ ...resolvedInput, incident: { ...resolvedInput.incident, status: 'new' } });
    const [sender] = field(asAlert, 'sender');
    const [identifier] = field(asAlert, 'identifier');
    const [sent] = field(asAlert, 'sent');
    expect(field(resolved, 'references')).toEqual([`${sender},${identifier},${sent}`]);
    expect(field(resolved, 'sent')).toEqual(['2026-12-04T02:41:00+00:00']);
  });

  it('draws every zone of the incident as a closed lat,lon polygon with its name', () => {
    const xml = exportCap(hybridLive(zones));
    expect(field(xml, 'areaDesc')).toEqual([
      'North Gate Complex (Acceso Norte) (gate-north)',
      'Port Authority Data Centre (data-centre)',
    ]);
    const [gate] = field(xml, 'polygon');
    const points = gate.split(' ');
    expect(points.length).toBeGreaterThanOrEqual(4);
    expect(points[0]).toBe(points[points.length - 1]);
    expect(points[0]).toBe('39.4505,-0.331'); // GeoJSON [-0.331, 39.4505] turned to lat,lon
    const open = {
      ...zones[0],
      geometry: { type: 'Polygon' as const, coordinates: [zones[0].geometry.coordinates[0].slice(0, -1)] },
    };
    const ring = capPolygon(open).split(' ');
    expect(ring[0]).toBe(ring[ring.length - 1]);
  });

  it('escapes markup in titles and keeps the category Security and the indicators in the description', () => {
    const input: ExportInput = hybridLive(zones);
    const xml = exportCap({ ...input, incident: { ...input.incident, title: 'Gate <GN-02> & "turnstile"' } });
    expect(field(xml, 'headline')).toEqual(['Gate &lt;GN-02&gt; &amp; &quot;turnstile&quot;']);
    expect(field(xml, 'category')).toEqual(['Security']);
    const [description] = field(xml, 'description');
    expect(description).toContain('3 of 4 indicators');
    expect(description).toContain('Door forced open: Gate North pedestrian door &lt;GN-02&gt; &amp; turnstile');
    expect(xmllintCap(xml)).toBe('');
  });
});
