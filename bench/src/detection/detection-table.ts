// The detection bench's table: one row per site and scenario over all its runs, then what
// missed or ran late, then the unexplained high-severity incidents by name.
import type { ScenarioResult } from './score-day.ts';

export interface TableFigure {
  figure: string;
  value: number;
  unit: string;
}

const mmss = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}`;

export function detectionTable(
  rows: { site: string; results: ScenarioResult[] }[],
  unexplained: Record<string, string[]>,
): { lines: string[]; figures: TableFigure[]; met: boolean } {
  const lines: string[] = [];
  let met = true;
  const problems: string[] = [];
  const figures: TableFigure[] = [];
  const header = ['site', 'scenario', 'found', 'detect (worst)', 'parts late', 'verdict'];
  const body: string[][] = [];
  for (const { site, results } of rows) {
    const byScenario = new Map<string, ScenarioResult[]>();
    for (const r of results) byScenario.set(r.scenario, [...(byScenario.get(r.scenario) ?? []), r]);
    for (const [scenario, runs] of byScenario) {
      const found = runs.filter((r) => r.parts.every((p) => p.detectMs !== null)).length;
      const firsts = runs.map((r) => r.firstMs).filter((x): x is number => x !== null);
      let late = 0;
      for (const r of runs)
        for (const p of r.parts) {
          if (p.detectMs === null)
            problems.push(`${site} ${scenario} @${new Date(r.atMs).toISOString()}: missed ${p.ruleId}@${p.zoneId}`);
          else if (p.deadlineMs === null) problems.push(`${site} ${scenario}: ${p.ruleId}@${p.zoneId} has no deadline`);
          else if (p.detectMs > p.deadlineMs) {
            late++;
            problems.push(
              `${site} ${scenario} @${new Date(r.atMs).toISOString()}: ${p.ruleId}@${p.zoneId} at ${mmss(p.detectMs)}, deadline ${mmss(p.deadlineMs)}`,
            );
          }
        }
      const worst = firsts.length ? Math.max(...firsts) : null;
      const ok = found === runs.length && late === 0 && runs.every((r) => r.parts.every((p) => p.deadlineMs !== null));
      met &&= ok;
      body.push([
        site,
        scenario,
        `${found}/${runs.length}`,
        worst === null ? '—' : mmss(worst),
        String(late),
        ok ? 'ok' : 'FAIL',
      ]);
      figures.push({ figure: `${site} ${scenario} found`, value: found / runs.length, unit: 'share of runs' });
      if (worst !== null)
        figures.push({ figure: `${site} ${scenario} time to detect (worst)`, value: worst / 1000, unit: 's' });
    }
    met &&= (unexplained[site]?.length ?? 0) === 0;
    body.push([site, '(unexplained high-severity incidents)', '', '', '', String(unexplained[site]?.length ?? 0)]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  lines.push(fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt));
  for (const p of problems) lines.push(p);
  for (const [site, list] of Object.entries(unexplained)) for (const u of list) lines.push(`${site} unexplained: ${u}`);
  return { lines, figures, met };
}
