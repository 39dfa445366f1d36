// `portwatch rules check` says where each rule runs on a scaled deployment.
import { describe, it, expect } from 'vitest';
import { portwatch } from '../cli/run-portwatch.ts';

describe('rules check names each rule’s stage', () => {
  it('puts rules spanning zones in the site stage and the rest in the zone stage', async () => {
    const r = await portwatch(['rules', 'check', '--site', 'dashboards/valencia']);
    expect(r.code).toBe(0);
    const line = (id: string) => r.stdout.split('\n').find((l) => l.startsWith(`ok  ${id}  `));
    expect(line('cloned-badge')).toBe(
      'ok  cloned-badge  (value_count, dashboards/valencia/rules/access.yaml)  stage 2 (per site: its group spans zones)',
    );
    expect(line('cyber-physical-cascade')).toMatch(/stage 2 \(per site/);
    expect(line('hybrid-zone-activity')).toMatch(/stage 1 \(per zone\)$/);
  });
});
