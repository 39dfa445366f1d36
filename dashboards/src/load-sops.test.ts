import { describe, it, expect, afterAll } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSops, siteDir, SiteConfigError } from './index.ts';

const tempRoot = await mkdtemp(join(tmpdir(), 'portwatch-sops-'));
afterAll(() => rm(tempRoot, { recursive: true, force: true }));

let n = 0;
async function siteWith(sops: string | null): Promise<string> {
  const dir = join(tempRoot, `site-${++n}`);
  await mkdir(dir);
  if (sops !== null) await writeFile(join(dir, 'sops.yaml'), sops);
  return dir;
}

async function problems(
  dir: string,
  rules: { id: string; file: string; sop?: string }[] = [],
): Promise<SiteConfigError> {
  const error = await loadSops(dir, rules).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SiteConfigError);
  return error as SiteConfigError;
}

describe('loadSops', () => {
  const PORT_SOPS = [
    'cargo-tampering',
    'credential-misuse',
    'drone-incursion',
    'hybrid-intrusion',
    'network-intrusion',
    'ot-unauthorised-write',
    'perimeter-breach',
    'ransomware',
    'unauthorised-entry',
    'vessel-dark',
  ];
  const AIRPORT_SOPS = [
    'credential-misuse',
    'drone-incursion',
    'drone-near-runway',
    'hybrid-intrusion',
    'network-intrusion',
    'ot-denial-of-service',
    'ot-unauthorised-write',
    'perimeter-breach',
    'ransomware',
    'unauthorised-entry',
  ];
  it.each([
    ['valencia', PORT_SOPS],
    ['piraeus', PORT_SOPS],
    ['zagreb-airport', AIRPORT_SOPS],
  ])('%s: every SOP has a title and 3–7 steps', async (site, ids) => {
    const sops = await loadSops(siteDir(site));
    expect([...sops.keys()].sort()).toEqual(ids);
    for (const sop of sops.values()) {
      expect(sop.title.length).toBeGreaterThan(5);
      expect(sop.steps.length).toBeGreaterThanOrEqual(3);
      expect(sop.steps.length).toBeLessThanOrEqual(7);
    }
  });

  it('names the rule file and the rule of an SOP that does not exist', async () => {
    const dir = await siteWith('drone-incursion:\n  title: Drone\n  steps: [Confirm on camera]\n');
    const error = await problems(dir, [
      { id: 'drone-over-restricted-area', file: join(dir, 'rules', 'maritime.yaml'), sop: 'drone-incursion' },
      { id: 'ais-gap-near-port', file: join(dir, 'rules', 'maritime.yaml'), sop: 'vessel-drak' },
      { id: 'port-scan', file: join(dir, 'rules', 'network.yaml') },
    ]);
    expect(error.issues).toHaveLength(1);
    expect(error.message).toContain(
      'rules/maritime.yaml: rule ais-gap-near-port: sop: unknown SOP "vessel-drak" (expected one of drone-incursion)',
    );
  });

  it('treats a missing sops.yaml as no SOPs: fine until a rule names one', async () => {
    const dir = await siteWith(null);
    expect((await loadSops(dir, [{ id: 'port-scan', file: 'rules/network.yaml' }])).size).toBe(0);
    const error = await problems(dir, [{ id: 'port-scan', file: 'rules/network.yaml', sop: 'network-intrusion' }]);
    expect(error.message).toContain(
      'rules/network.yaml: rule port-scan: sop: unknown SOP "network-intrusion" (expected an SOP declared in sops.yaml; the site declares none)',
    );
  });

  it('names the SOP and the key of a broken entry', async () => {
    const dir = await siteWith(
      [
        'vessel-dark:',
        '  title: Vessel dark',
        '  step: [Call VTS]',
        'Drone Incursion:',
        '  title: Drone',
        '  steps: [Confirm, 7]',
        '',
      ].join('\n'),
    );
    const { message } = await problems(dir);
    expect(message).toContain('sops.yaml: vessel-dark.steps: missing (expected array)');
    expect(message).toContain('sops.yaml: vessel-dark.step: unknown key (expected one of title, steps)');
    expect(message).toContain(
      'sops.yaml: Drone Incursion: "Drone Incursion" is not allowed as an SOP id (expected a kebab-case id like "drone-incursion")',
    );
    expect(message).toContain('sops.yaml: "Drone Incursion".steps[1]: 7 is not allowed (expected string)');
  });

  it('reports broken YAML with its line', async () => {
    const dir = await siteWith('vessel-dark:\n  title: [Vessel\n');
    const { message } = await problems(dir);
    expect(message).toMatch(/sops\.yaml: not valid YAML: line \d+/);
  });
});
