// Exporting a stored incident over HTTP, against embedded PostgreSQL (PGlite): each format as a
// file download with its type, the indicators read back from the store, and the refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSite, siteDir } from '@portwatch/dashboards';
import type { Site } from '@portwatch/schema';
import { openPglite, type Db } from '../storage/db.ts';
import { migrate } from '../storage/migrations.ts';
import { Store } from '../storage/store.ts';
import { createApp } from '../app.ts';
import { testApiContext } from '../testing/api-context.ts';
import { testAccessControl, type TestAccess } from '../testing/test-tokens.ts';
import { hybridLive } from '../exports/export-fixtures.case.ts';
import { xmllintCap } from '../exports/standard-schemas.case.ts';

let db: Db;
let signIn: TestAccess;
let site: Site;
let app: ReturnType<typeof createApp>;
const fixture = () => hybridLive(site.zones.features);

// Exports are the analyst's (and up): a viewer may read an incident but not download it.
async function get(path: string, token: string | null = signIn.tokens.analyst) {
  const res = await app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { res, text: await res.text() };
}

beforeAll(async () => {
  db = await openPglite(null);
  await migrate(db);
  const store = new Store(db);
  signIn = testAccessControl({ store });
  site = await loadSite(siteDir('valencia'));
  app = createApp(testApiContext(store, { site }), null, signIn.access);
  const { incident, indicators } = fixture();
  await store.insertIndicators([...indicators]);
  await store.saveIncident(incident);
});
afterAll(async () => db.close());

const path = (format: string) => `/api/incidents/${encodeURIComponent(fixture().incident.id)}/export?format=${format}`;

describe('GET /api/incidents/:id/export', () => {
  it('downloads a CAP alert that validates against the CAP 1.2 XSD', async () => {
    const { res, text } = await get(path('cap'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="hybrid-zone-activity_gate-north_2026-12-04T03_10_00.000Z.cap.xml"',
    );
    expect(xmllintCap(text)).toBe('');
    expect(text).toContain('<status>Actual</status>');
  });

  it('reads the incident’s indicators back from the store, and counts the one no longer stored', async () => {
    const { res, text } = await get(path('timeline'));
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-portwatch-indicators-missing')).toBe('1');
    const timeline = JSON.parse(text);
    expect(timeline.entries.filter((e: { kind: string }) => e.kind === 'indicator')).toHaveLength(3);
    expect(timeline.missingIndicatorIds).toEqual(['eve-expired-0001']);
  });

  it('serves STIX and IDMEFv2 as JSON attachments', async () => {
    for (const [format, check] of [
      ['stix', (b: { type: string }) => expect(b.type).toBe('bundle')],
      ['idmef', (b: { Version: string }) => expect(b.Version).toBe('2.D.V06')],
    ] as const) {
      const { res, text } = await get(path(format));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(new RegExp(`\\.${format}\\.json"$`));
      check(JSON.parse(text));
    }
  });

  it('refuses an unknown format, an unknown incident, a caller without a token and a viewer', async () => {
    const bad = await get(path('pdf'));
    expect(bad.res.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/format: expected one of cap, stix, idmef, timeline/);
    expect((await get('/api/incidents/no-such-incident/export?format=cap')).res.status).toBe(404);
    expect((await get(path('cap'), null)).res.status).toBe(401);
    expect((await get(path('cap'), signIn.tokens.viewer)).res.status).toBe(403);
  });
});
