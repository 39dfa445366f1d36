import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportIncident, isExportFormat } from './index.ts';
import { allFixtures } from './export-fixtures.case.ts';

describe('export formats', () => {
  it('names each file after the incident, with a type per format, and renders every fixture', async () => {
    const [hybrid] = await allFixtures();
    const files = EXPORT_FORMATS.map((f) => exportIncident(f, hybrid));
    expect(files.map((f) => [f.fileName, f.contentType])).toEqual([
      ['hybrid-zone-activity_gate-north_2026-12-04T03_10_00.000Z.cap.xml', 'application/xml'],
      ['hybrid-zone-activity_gate-north_2026-12-04T03_10_00.000Z.stix.json', 'application/json'],
      ['hybrid-zone-activity_gate-north_2026-12-04T03_10_00.000Z.idmef.json', 'application/json'],
      ['hybrid-zone-activity_gate-north_2026-12-04T03_10_00.000Z.timeline.json', 'application/json'],
    ]);
    expect(files[0].body.startsWith('<?xml')).toBe(true);
    for (const f of files.slice(1)) expect(() => JSON.parse(f.body)).not.toThrow();
  });

  it('knows its format names', () => {
    expect(isExportFormat('stix')).toBe(true);
    expect(isExportFormat('pdf')).toBe(false);
  });
});
