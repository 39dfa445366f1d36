import { describe, it, expect, afterAll } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSite, siteDir, SiteConfigError } from './index.ts';

const tempRoot = await mkdtemp(join(tmpdir(), 'portwatch-site-'));
afterAll(() => rm(tempRoot, { recursive: true, force: true }));

let copies = 0;
/** A fresh copy of the Valencia site with some files edited, for one test to break. */
async function brokenCopy(edits: Record<string, (text: string) => string>): Promise<string> {
  const dir = join(tempRoot, `valencia-${++copies}`);
  await cp(siteDir('valencia'), dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    await writeFile(join(dir, file), edit(await readFile(join(dir, file), 'utf8')));
  }
  return dir;
}

const editJson = (change: (data: any) => void) => (text: string) => {
  const data = JSON.parse(text);
  change(data);
  return JSON.stringify(data, null, 1);
};

async function problems(dir: string): Promise<SiteConfigError> {
  const error = await loadSite(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SiteConfigError);
  return error as SiteConfigError;
}

describe('loadSite on a broken site folder', () => {
  it('names the file, the key and the zones it expected for an unknown zoneId', async () => {
    const dir = await brokenCopy({
      'sensors.geojson': editJson((d) => (d.features[12].properties.zoneId = 'gate-sur')),
    });
    const error = await problems(dir);
    expect(error.message).toContain(
      'sensors.geojson: features[12].properties.zoneId: unknown zone "gate-sur" (expected one of cruise-terminal, ferry-terminal, gate-north',
    );
    expect(error.issues).toHaveLength(1);
    expect(error.dir).toBe(dir);
  });

  it('names a missing key and what it should hold', async () => {
    const dir = await brokenCopy({ 'zones.geojson': editJson((d) => delete d.features[3].properties.kind) });
    const error = await problems(dir);
    expect(error.message).toContain(
      'zones.geojson: features[3].properties.kind: missing (expected one of terminal, cargo, gate, it, fuel, water, admin, airside, landside)',
    );
  });

  it('reports unparseable JSON with the line it broke on', async () => {
    const dir = await brokenCopy({ 'zones.geojson': (text) => text.replace('"kind": "gate"', '"kind": "gate",,') });
    const error = await problems(dir);
    expect(error.message).toMatch(/zones\.geojson: not valid JSON: .*line 4/);
  });

  it('reports a polygon ring that is not closed', async () => {
    const dir = await brokenCopy({ 'zones.geojson': editJson((d) => d.features[0].geometry.coordinates[0].pop()) });
    const error = await problems(dir);
    expect(error.message).toMatch(
      /zones\.geojson: features\[0\]\.geometry\.coordinates\[0\]: ring not closed \(expected the last position to repeat the first, \[-0\.\d+,39\.\d+\]\)/,
    );
  });

  it('reports broken YAML with its line, once', async () => {
    const dir = await brokenCopy({ 'site.yaml': (text) => text.replace('zoom: 14', 'zoom: [14') });
    const error = await problems(dir);
    expect(error.message).toMatch(/site\.yaml: not valid YAML: line 8, column 1: Flow sequence .* end with a ]$/m);
  });

  it('catches a misspelt key as unknown and the real one as missing', async () => {
    const dir = await brokenCopy({ 'site.yaml': (text) => text.replace('timezone:', 'timzone:') });
    const error = await problems(dir);
    expect(error.message).toContain(
      'site.yaml: timzone: unknown key (expected one of id, name, kind, center, zoom, timezone, tileUrl)',
    );
    expect(error.message).toContain('site.yaml: timezone: missing (expected string)');
  });

  it('says which values are allowed for an enum, a range and an id pattern', async () => {
    const dir = await brokenCopy({
      'zones.geojson': editJson((d) => {
        d.features[1].properties.kind = 'parking';
        d.features[1].properties.criticality = 9;
        d.features[2].properties.id = 'Gate North';
      }),
    });
    const { message } = await problems(dir);
    expect(message).toContain(
      'zones.geojson: features[1].properties.kind: "parking" is not allowed (expected one of terminal',
    );
    expect(message).toContain(
      'zones.geojson: features[1].properties.criticality: 9 is not allowed (expected integer >= 1 and <= 5)',
    );
    expect(message).toContain(
      'zones.geojson: features[2].properties.id: "Gate North" is not allowed (expected a kebab-case id like "gate-north")',
    );
  });

  it('requires segments on fences and a door on access readers', async () => {
    const dir = await brokenCopy({
      'sensors.geojson': editJson((d) => {
        for (const f of d.features) if (f.properties.id === 'PIDS-GATE-N1') delete f.properties.segments;
        for (const f of d.features) if (f.properties.id === 'AP-CT-01') delete f.properties.doorId;
      }),
    });
    const { message, issues } = await problems(dir);
    expect(message).toMatch(
      /sensors\.geojson: features\[\d+\]\.properties\.segments: missing \(expected integer >= 1\)/,
    );
    expect(message).toMatch(/sensors\.geojson: features\[0\]\.properties\.doorId: missing \(expected string\)/);
    expect(issues).toHaveLength(2);
  });

  it('checks asset references, addresses and dependency loops', async () => {
    const dir = await brokenCopy({
      'assets.yaml': (text) =>
        text
          .replace('ips: [10.20.3.10]', 'ips: [10.20.5.77]')
          .replace(
            'controls: [gate-north]\n    dependsOn: [tos-srv, pcs-app]',
            'controls: [gate-sur]\n    dependsOn: [tos-srv, pcs-app, tos-server]',
          )
          .replace(
            'id: pcs-app\n    name: ValenciaportPCS port community system\n    kind: application\n    zoneId: data-centre\n    ips: [10.20.5.50]\n    controls: [gate-north]\n    dependsOn: []',
            'id: pcs-app\n    name: PCS\n    kind: application\n    zoneId: data-centre\n    ips: [10.20.5.50]\n    controls: [gate-north]\n    dependsOn: [gate-control-srv]',
          ),
    });
    const { message } = await problems(dir);
    expect(message).toContain(
      'assets.yaml: assets[12].ips[0]: 10.20.5.77 is outside zone "gate-north" (expected an address in 10.20.3.0/24)',
    );
    expect(message).toContain('assets.yaml: assets[0].controls[0]: unknown zone "gate-sur"');
    expect(message).toContain(
      'assets.yaml: assets[0].dependsOn[2]: unknown asset "tos-server" (expected one of gate-control-srv, tos-srv',
    );
    expect(message).toMatch(/dependency cycle (gate-control-srv -> )?.*pcs-app -> gate-control-srv/);
  });

  it('rejects networks with host bits, overlapping networks and duplicate ids', async () => {
    const dir = await brokenCopy({
      'zones.geojson': editJson((d) => {
        d.features[0].properties.networks = ['10.20.1.5/24'];
        d.features[1].properties.networks = ['10.20.0.0/16'];
      }),
      'sensors.geojson': editJson((d) => (d.features[5].properties.id = d.features[4].properties.id)),
    });
    const { message } = await problems(dir);
    expect(message).toContain(
      'zones.geojson: features[0].properties.networks[0]: "10.20.1.5/24" has host bits set (expected 10.20.1.0/24)',
    );
    expect(message).toContain(
      'zones.geojson: features[1].properties.networks[0]: "10.20.0.0/16" overlaps 10.20.1.5/24 of zone "cruise-terminal"',
    );
    expect(message).toContain(
      'sensors.geojson: features[5].properties.id: duplicate id "CAM-CT-02" (already used at features[4].properties.id)',
    );
  });

  it('collects the problems of every file in one error, without follow-on noise', async () => {
    const dir = await brokenCopy({
      'site.yaml': (text) => text.replace('Europe/Madrid', 'Europe/Valencia'),
      'zones.geojson': (text) => text.slice(0, 200),
      'sensors.geojson': editJson((d) => (d.features[0].geometry.coordinates = [200, 39.45])),
    });
    await rm(join(dir, 'assets.yaml'));
    const { issues, message } = await problems(dir);
    expect(issues.map((i) => i.file).sort()).toEqual(['assets.yaml', 'sensors.geojson', 'site.yaml', 'zones.geojson']);
    expect(message).toContain('site.yaml: timezone: unknown time zone "Europe/Valencia"');
    expect(message).toContain('assets.yaml: file missing');
    expect(message).toContain(
      'sensors.geojson: features[0].geometry.coordinates[0]: 200 is not allowed (expected number >= -180 and <= 180)',
    );
    // zones.geojson is unreadable, so sensors' zone ids cannot be judged and are not reported.
    expect(message).not.toContain('unknown zone');
  });

  it('still cross-checks the good items of a file whose other items broke the schema', async () => {
    const dir = await brokenCopy({
      'sensors.geojson': editJson((d) => {
        d.features[3].properties.vendr = 'Axis';
        d.features[12].properties.zoneId = 'gate-sur';
      }),
      'zones.geojson': editJson((d) => (d.features[2].properties.criticality = 0)),
    });
    const { issues } = await problems(dir);
    expect(issues.map((i) => `${i.file}: ${i.path}`)).toEqual([
      'zones.geojson: features[2].properties.criticality',
      'sensors.geojson: features[3].properties.vendr',
      'sensors.geojson: features[12].properties.zoneId',
    ]);
  });
});
