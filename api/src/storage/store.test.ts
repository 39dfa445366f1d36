// The store against embedded PGlite; test/ runs the same against the PostgreSQL server.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import {
  DEAD_LETTER_SHOWN_CHARS,
  deadLetterMessage,
  readDeadLetterMessage,
  type DeadLetter,
  type Incident,
  type Indicator,
} from '@portwatch/schema';
import { openPglite, type Db } from './db.ts';
import { migrate } from './migrations.ts';
import { Store } from './store.ts';

let db: Db;
let store: Store;

beforeAll(async () => {
  db = await openPglite(null);
  await migrate(db);
  store = new Store(db);
});
afterAll(async () => db.close());

const indicator = (id: string, time: string, domain: 'physical' | 'cyber' = 'physical'): Indicator => ({
  id,
  time,
  ingestTime: time,
  mode: 'live',
  siteId: 'valencia',
  zoneId: 'gate-north',
  domain,
  type: domain === 'cyber' ? 'ids.alert' : 'access.door_forced',
  title: 'Door DOOR-GN-01 forced open',
  severity: 4,
  confidence: 100,
  location: { lat: 39.46, lon: -0.33 },
  source: { feed: 'access-control', format: 'onvif', sensorId: 'DOOR-GN-01' },
  observables: [],
  tags: [],
});

describe('store', () => {
  it('migrations run once', async () => {
    expect(await migrate(db)).toBe(0);
  });

  it('stores each indicator once however often it is delivered', async () => {
    const batch = [indicator('a', '2026-01-15T09:00:00.000Z'), indicator('b', '2026-01-15T09:00:30.000Z', 'cyber')];
    expect(await store.insertIndicators(batch)).toBe(2);
    expect(await store.insertIndicators(batch)).toBe(0);
    expect(await store.countIndicators()).toBe(2);
    const listed = await store.listIndicators({ zone: 'gate-north' });
    expect(listed.map((i) => i.id)).toEqual(['b', 'a']);
    expect(listed[1]).toEqual(batch[0]);
  });

  it('lists only the indicator types asked for (the map asks for positions)', async () => {
    const found = await store.listIndicators({ types: ['ids.alert', 'ais.position'] });
    expect(found.map((i) => i.id)).toEqual(['b']);
    expect(await store.listIndicators({ types: ['ais.position'] })).toEqual([]);
  });

  it('keeps what operators did when correlation sends an incident again', async () => {
    const inc: Incident = {
      id: 'inc-1',
      ruleId: 'hybrid-zone-activity',
      title: 'Hybrid activity',
      severity: 4,
      status: 'new',
      siteId: 'valencia',
      zoneId: 'gate-north',
      affectedZones: ['gate-north'],
      domains: ['physical', 'cyber'],
      indicatorIds: ['a', 'b'],
      firstSeen: '2026-01-15T09:00:00.000Z',
      lastSeen: '2026-01-15T09:00:30.000Z',
      mode: 'live',
      history: [{ at: '2026-01-15T09:00:30.000Z', by: 'rule:hybrid-zone-activity', action: 'raised' }],
    };
    await store.upsertIncidents([inc]);
    await store.saveIncident({
      ...inc,
      status: 'acknowledged',
      history: [...inc.history, { at: '2026-01-15T09:01:00.000Z', by: 'op1', action: 'acknowledge' }],
    });
    const [merged] = await store.upsertIncidents([
      { ...inc, indicatorIds: ['a', 'b', 'c'], lastSeen: '2026-01-15T09:02:00.000Z' },
    ]);
    expect(merged.status).toBe('acknowledged');
    expect(merged.history).toHaveLength(2);
    expect(merged.indicatorIds).toEqual(['a', 'b', 'c']);
    expect(merged.lastSeen).toBe('2026-01-15T09:02:00.000Z');
    expect((await store.listIncidents()).map((i) => i.id)).toEqual(['inc-1']);
  });

  it('gives a new incident its SOP checklist, and keeps status, assignee, SOP progress and history through later correlation updates', async () => {
    const raised: Incident = {
      id: 'inc-sop',
      ruleId: 'drone-over-restricted-area',
      title: 'Drone over Cruise terminal',
      severity: 4,
      status: 'new',
      siteId: 'valencia',
      zoneId: 'cruise-terminal',
      affectedZones: ['cruise-terminal'],
      domains: ['physical'],
      indicatorIds: ['d1'],
      firstSeen: '2026-01-15T09:00:00.000Z',
      lastSeen: '2026-01-15T09:00:00.000Z',
      mode: 'live',
      history: [{ at: '2026-01-15T09:00:00.000Z', by: 'rule:drone-over-restricted-area', action: 'raised' }],
    };
    const checklist = (ruleId: string) =>
      ruleId === 'drone-over-restricted-area'
        ? [
            { id: '1', text: 'Confirm on camera', done: false },
            { id: '2', text: 'Notify the Port Police', done: false },
          ]
        : undefined;
    const [first] = await store.upsertIncidents([raised], checklist);
    expect(first.sop).toEqual([
      { id: '1', text: 'Confirm on camera', done: false },
      { id: '2', text: 'Notify the Port Police', done: false },
    ]);

    await store.changeIncident('inc-sop', (inc) => ({
      ...inc,
      status: 'in_progress',
      assignee: 'night-op',
      sop: inc.sop!.map((s) =>
        s.id === '1' ? { ...s, done: true, doneBy: 'night-op', doneAt: '2026-01-15T09:01:00.000Z' } : s,
      ),
      history: [...inc.history, { at: '2026-01-15T09:01:00.000Z', by: 'night-op', action: 'assign', to: 'night-op' }],
    }));
    // Correlation sends the incident again: a second drone report, a later lastSeen, no SOP.
    const [after] = await store.upsertIncidents(
      [{ ...raised, indicatorIds: ['d1', 'd2'], lastSeen: '2026-01-15T09:03:00.000Z', severity: 5 }],
      checklist,
    );
    expect(after).toMatchObject({
      status: 'in_progress',
      assignee: 'night-op',
      severity: 5,
      indicatorIds: ['d1', 'd2'],
      lastSeen: '2026-01-15T09:03:00.000Z',
    });
    expect(after.sop![0]).toMatchObject({ done: true, doneBy: 'night-op' });
    expect(after.history.map((h) => h.action)).toEqual(['raised', 'assign']);
    expect(await store.getIncident('inc-sop')).toEqual(after);
  });

  it('loses neither change when an operator and correlation write the same incident at once', async () => {
    const base = (await store.getIncident('inc-sop'))!;
    const notes = Array.from({ length: 5 }, (_, i) =>
      store.changeIncident('inc-sop', (inc) => ({
        ...inc,
        history: [
          ...inc.history,
          { at: '2026-01-15T09:05:00.000Z', by: 'night-op', action: 'note', note: `note ${i}` },
        ],
      })),
    );
    const updates = Array.from({ length: 5 }, (_, i) =>
      store.upsertIncidents([{ ...base, sop: undefined, history: [], indicatorIds: [`e${i}`] }]),
    );
    await Promise.all([...notes, ...updates]);
    const inc = (await store.getIncident('inc-sop'))!;
    expect(
      inc.history
        .filter((h) => h.action === 'note')
        .map((h) => h.note)
        .sort(),
    ).toEqual(['note 0', 'note 1', 'note 2', 'note 3', 'note 4']);
    expect(inc.indicatorIds).toEqual(expect.arrayContaining(['d1', 'd2', 'e0', 'e1', 'e2', 'e3', 'e4']));
  });

  it('counts every write of an incident, concurrent ones too, so that pushes of it can be put in order', async () => {
    const base = (await store.getIncident('inc-sop'))!;
    expect(base.revision).toBeGreaterThan(1);
    const writes = await Promise.all([
      ...Array.from({ length: 4 }, () =>
        store.changeIncident('inc-sop', (inc) => ({ ...inc, assignee: 'night-op' })).then((r) => r!.after!),
      ),
      ...Array.from({ length: 4 }, (_, i) =>
        store.upsertIncidents([{ ...base, indicatorIds: [`f${i}`] }]).then(([r]) => r),
      ),
    ]);
    const revisions = writes.map((w) => w.revision!).sort((a, b) => a - b);
    expect(revisions).toEqual(Array.from({ length: 8 }, (_, i) => base.revision! + 1 + i));
    expect((await store.getIncident('inc-sop'))!.revision).toBe(base.revision! + 8);
    // Its first write is 1, whatever the incident correlation sent carried.
    const [fresh] = await store.upsertIncidents([{ ...base, id: 'inc-fresh', revision: 40 }]);
    expect(fresh.revision).toBe(1);
  });

  it('says there is nothing to change for an unknown incident', async () => {
    expect(await store.changeIncident('inc-none', (inc) => inc)).toBeNull();
  });

  it('counts indicators per minute by domain', async () => {
    const rate = await store.indicatorRate(3, 'live', new Date('2026-01-15T09:01:10Z'));
    expect(rate).toEqual([
      { minute: '2026-01-15T08:59:00.000Z', physical: 0, cyber: 0 },
      { minute: '2026-01-15T09:00:00.000Z', physical: 1, cyber: 1 },
      { minute: '2026-01-15T09:01:00.000Z', physical: 0, cyber: 0 },
    ]);
  });

  it('stores a dead letter read again from the bus once, and two identical bad records twice', async () => {
    const bad = {
      at: '2026-01-15T10:00:00.000Z',
      feedId: 'perimeter',
      via: 'mqtt' as const,
      topic: 'valencia/perimeter/FENCE-9',
      stage: 'decoding' as const,
      reason: 'not JSON',
      size: 5,
      truncated: false,
      payload: '<oops',
    };
    // As the store writer reads them: each went on the bus with a key of its own.
    const first = readDeadLetterMessage(deadLetterMessage(bad).value!);
    const second = readDeadLetterMessage(deadLetterMessage(bad).value!);
    if (!first.ok || !second.ok) throw new Error('unreadable dead-letter message');
    expect(await store.insertDeadLetters([first.value, second.value])).toBe(2);
    // The same message delivered again (a rebalance before the commit), alone or in a batch.
    expect(await store.insertDeadLetters([first.value])).toBe(0);
    expect(await store.insertDeadLetters([second.value, first.value])).toBe(0);
    const stored = (await store.listDeadLetters({ feed: 'perimeter' })).filter((d) => d.payload === '<oops');
    expect(stored).toHaveLength(2);
  });

  it('stores the dead letter of a Kafka record read again by ingest once, whenever it arrives', async () => {
    const bad = (at: string, key: string): DeadLetter => ({
      at,
      feedId: 'suricata',
      via: 'kafka',
      topic: 'valencia.suricata.eve',
      stage: 'decoding',
      reason: 'not JSON',
      size: 4,
      truncated: false,
      payload: '{"ev',
      key,
    });
    const place = 'kafka:valencia.suricata.eve:2:41:';
    expect(await store.insertDeadLetters([bad('2026-01-15T11:00:00.000Z', place + 'h1')])).toBe(1);
    // Read again after a crash: a later arrival, the next day's partition, the same key.
    expect(await store.insertDeadLetters([bad('2026-01-16T00:00:05.000Z', place + 'h1')])).toBe(0);
    // The record at the next offset, and one at the same place with other bytes (a topic made again).
    expect(
      await store.insertDeadLetters([
        bad('2026-01-16T00:00:06.000Z', 'kafka:valencia.suricata.eve:2:42:h1'),
        bad('2026-01-16T00:00:06.000Z', place + 'h2'),
      ]),
    ).toBe(2);
    const stored = (await store.listDeadLetters({ feed: 'suricata' })).filter((d) => d.payload === '{"ev');
    expect(stored.map((d) => d.at).sort()).toEqual([
      '2026-01-15T11:00:00.000Z',
      '2026-01-16T00:00:06.000Z',
      '2026-01-16T00:00:06.000Z',
    ]);
  });

  it('keeps dead letters with their reason', async () => {
    await store.insertDeadLetters([
      {
        at: '2026-01-15T09:00:00.000Z',
        feedId: 'access-control',
        via: 'mqtt',
        topic: 'valencia/access/AP-1',
        stage: 'decoding',
        reason: 'not JSON',
        size: 3,
        truncated: false,
        payload: '{{{',
      },
    ]);
    const [dl] = await store.listDeadLetters({ feed: 'access-control' });
    expect(dl).toMatchObject({ reason: 'not JSON', payload: '{{{', stage: 'decoding' });
  });

  it('reads dead letters back with their start shown, and re-runs them whole until one is marked', async () => {
    const letter = (payload: string, at: string): DeadLetter => ({
      at,
      feedId: 'ais',
      via: 'mqtt',
      topic: 'valencia/ais/rx-1',
      stage: 'decoding',
      reason: 'checksum: expected 5C, got 5D',
      size: payload.length,
      truncated: false,
      payload,
    });
    const long = '!AIVDM,1,1,,B,' + 'x'.repeat(3000) + ',0*5D';
    await store.insertDeadLetters([
      letter(long, '2026-01-15T09:00:00.000Z'),
      letter('!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5D', '2026-01-15T09:00:01.000Z'),
    ]);
    const [newest, oldest] = await store.listDeadLetters({ feed: 'ais' });
    // Every field of the contract comes back as written (a field added to DeadLetter and not
    // to the table's SQL fails here).
    expect(newest).toMatchObject(letter('!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5D', '2026-01-15T09:00:01.000Z'));
    expect(newest).toMatchObject({ feedId: 'ais', payloadCut: false, replayedAt: null, replayIndicatorIds: [] });
    expect(oldest.payloadCut).toBe(true);
    expect(oldest.payload).toBe(long.slice(0, DEAD_LETTER_SHOWN_CHARS));

    const pending = await store.deadLettersToReplay('ais', undefined, 100);
    expect(pending.map((d) => d.id)).toEqual([oldest.id, newest.id]);
    expect(pending[0].payload).toBe(long);
    expect(await store.deadLettersToReplay('ais', [newest.id, 999_999], 100)).toHaveLength(1);

    await store.markDeadLetterReplayed(newest.id, ['ais:abc']);
    const [marked] = await store.listDeadLetters({ feed: 'ais' });
    expect(marked.replayIndicatorIds).toEqual(['ais:abc']);
    expect(marked.replayedAt).not.toBeNull();
    expect((await store.listDeadLetters({ feed: 'ais', pendingOnly: true })).map((d) => d.id)).toEqual([oldest.id]);
    expect((await store.deadLettersToReplay('ais', undefined, 100)).map((d) => d.id)).toEqual([oldest.id]);
  });
});

describe('zone state', () => {
  it('keeps the newest state when one batch carries a zone twice', async () => {
    const z = (risk: number, updatedAt: string) => ({
      siteId: 'valencia',
      zoneId: 'gate-north',
      mode: 'live' as const,
      risk,
      physical: risk,
      cyber: 0,
      level: 'low' as const,
      openIncidents: 0,
      updatedAt,
    });
    await store.upsertZoneStates([
      z(30, '2026-01-15T09:00:01.000Z'),
      z(10, '2026-01-15T09:00:00.000Z'),
      z(35, '2026-01-15T09:00:02.000Z'),
    ]);
    const [state] = await store.zoneStates('valencia', 'live');
    expect(state.risk).toBe(35);
  });
});
