// The standard export formats of an incident, by name: what the HTTP export route and the
// `portwatch replay --export` command write. Each format is a pure function of ExportInput.
import { exportCap } from './cap.ts';
import { exportStix } from './stix.ts';
import { exportIdmef } from './idmef.ts';
import { exportTimeline } from './timeline.ts';
import type { ExportInput } from './export-input.ts';

export type { ExportInput } from './export-input.ts';
export { exportCap, exportStix, exportIdmef, exportTimeline };

export const EXPORT_FORMATS = ['cap', 'stix', 'idmef', 'timeline'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportedFile {
  /** `<incident id>.cap.xml`, `.stix.json`, `.idmef.json`, `.timeline.json` (unsafe characters as "_"). */
  fileName: string;
  contentType: string;
  body: string;
}

const FORMATS: Record<ExportFormat, { suffix: string; contentType: string; render: (i: ExportInput) => string }> = {
  cap: { suffix: 'cap.xml', contentType: 'application/xml', render: (i) => exportCap(i) },
  stix: { suffix: 'stix.json', contentType: 'application/json', render: (i) => json(exportStix(i)) },
  idmef: { suffix: 'idmef.json', contentType: 'application/json', render: (i) => json(exportIdmef(i)) },
  timeline: { suffix: 'timeline.json', contentType: 'application/json', render: (i) => json(exportTimeline(i)) },
};

export function isExportFormat(name: string): name is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(name);
}

export function exportIncident(format: ExportFormat, input: ExportInput): ExportedFile {
  const f = FORMATS[format];
  return {
    fileName: `${safeFileStem(input.incident.id)}.${f.suffix}`,
    contentType: f.contentType,
    body: f.render(input),
  };
}

/** Incident ids hold ":" and other characters file systems and headers dislike. */
export function safeFileStem(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
