// Reviews as Markdown: the file an analyst downloads, files with the exercise's records, or
// pastes into the After-Action Report.
import type { ExerciseExpectation, ExerciseReview, IncidentReview, ReviewEvent } from '@portwatch/schema';

const dur = (s: number | null | undefined) =>
  s === null || s === undefined ? '—' : s < 120 ? `${s} s` : `${Math.round(s / 6) / 10} min`;
// A table cell: no pipes or line breaks from operator text may break the table.
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
/** An acknowledgement: its time (late or not), missed once its deadline passed, or still due. */
function ackCell(e: ExerciseExpectation): string {
  if (e.acknowledgedAfterS !== undefined)
    return dur(e.acknowledgedAfterS) + (e.acknowledgedInTime === false ? ' (late)' : '');
  if (!e.found) return '—';
  return e.acknowledgedInTime === false
    ? `**missed** (not within ${dur(e.acknowledgeWithinS)})`
    : `not yet (due within ${dur(e.acknowledgeWithinS)})`;
}

function timeline(events: ReviewEvent[]): string[] {
  return [
    '| time (UTC) | what | detail | zone | by |',
    '|---|---|---|---|---|',
    ...events.map(
      (e) =>
        `| ${e.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z')} | ${e.kind} | ${cell(e.title)} | ${e.zoneId ?? ''} | ${cell(e.by ?? '')} |`,
    ),
  ];
}

function incidentSection(r: IncidentReview, level: string): string[] {
  return [
    `${level} ${r.title}`,
    '',
    `- Incident: \`${r.incidentId}\` (rule \`${r.ruleId}\`, zone \`${r.zoneId}\`, severity ${r.severity}, ${r.mode}${r.exerciseId ? ` — exercise \`${r.exerciseId}\`` : ''})`,
    `- Status: ${r.status}${r.resolution ? ` — ${r.resolution}` : ''}`,
    `- Time to detect: ${dur(r.timeToDetectS)}; to acknowledge: ${dur(r.timeToAcknowledgeS)}; to resolve: ${dur(r.timeToResolveS)}`,
    `- SOP steps done: ${r.sopDone.length ? r.sopDone.map((s) => `${s.text}${s.doneBy ? ` (${s.doneBy})` : ''}`).join('; ') : 'none'}`,
    `- SOP steps skipped: ${r.sopSkipped.length ? r.sopSkipped.map((s) => s.text).join('; ') : 'none'}`,
    '',
  ];
}

function lessons(text: string, by?: string, at?: string): string[] {
  return [
    '## Lessons learned',
    '',
    text.trim() || '_None written yet._',
    ...(by ? ['', `_Last edited by ${by} at ${at}._`] : []),
    '',
  ];
}

export function incidentReviewMarkdown(r: IncidentReview): string {
  return [
    ...incidentSection(r, '# After-action review:'),
    '## Timeline',
    '',
    ...timeline(r.timeline),
    '',
    ...lessons(r.lessons, r.lessonsBy, r.lessonsAt),
  ].join('\n');
}

export function exerciseReviewMarkdown(r: ExerciseReview): string {
  const ex = r.exercise;
  return [
    `# After-action report: ${ex.title}`,
    '',
    `- Exercise \`${ex.id}\`, scenario \`${ex.scenario}\` on site \`${ex.siteId}\`, speed ${ex.speed}`,
    `- Started ${ex.startedAt} by ${ex.startedBy}; ${ex.status}${ex.endedAt ? ` ${ex.endedAt}` : ''}${ex.reason ? ` (${ex.reason})` : ''}`,
    `- Records sent: ${ex.records.sent} of ${ex.records.total}`,
    '',
    '## Injects (MSEL)',
    '',
    '| at | inject | feeds | records | sent |',
    '|---|---|---|---|---|',
    ...ex.injects.map(
      (i) => `| +${dur(i.atS)} | ${cell(i.title)} | ${i.feeds.join(', ')} | ${i.records} | ${i.sentAt ?? 'not sent'} |`,
    ),
    '',
    '## Expected outcomes',
    '',
    '| rule | zone | found | detected after | acknowledged after | resolved after |',
    '|---|---|---|---|---|---|',
    ...ex.expected.map(
      (e) =>
        `| ${e.ruleId} | ${e.zoneId} | ${e.found ? 'yes' : '**missed**'} | ${dur(e.detectedAfterS)}${e.detectedInTime === false ? ' (late)' : ''} | ${ackCell(e)} | ${dur(e.resolvedAfterS)} |`,
    ),
    '',
    ...(r.missed.length ? ['Missed: ' + r.missed.map((m) => `${m.ruleId} in ${m.zoneId}`).join(', '), ''] : []),
    '## Incidents',
    '',
    ...r.incidents.flatMap((i) => incidentSection(i, '###')),
    '## Timeline',
    '',
    ...timeline(r.timeline),
    '',
    ...lessons(r.lessons, r.lessonsBy, r.lessonsAt),
  ].join('\n');
}
