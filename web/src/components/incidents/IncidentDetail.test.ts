import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { defineComponent, h } from 'vue';
import type { Incident } from '@portwatch/schema';
import IncidentDetail from './IncidentDetail.vue';
import IncidentList from './IncidentList.vue';
import { useIncidentsStore } from '../../stores/incidents.ts';
import { useSiteStore } from '../../stores/site.ts';
import { HttpFailure, installStrictFetch } from '../../testing/strict-fetch.ts';
import { signInForTest } from '../../testing/session.ts';
import { NOW, makeIncident, makeSite, minutesAgo } from '../../testing/fixtures.ts';

let pinia: Pinia;

const SOP = [
  { id: '1', text: 'Confirm the drone on the nearest camera.', done: false },
  { id: '2', text: 'Notify the Port Police.', done: false },
  { id: '3', text: 'Warn the terminal.', done: false },
];

/** The panel of whatever incident the store has selected, as LiveMapView shows it. */
const Host = defineComponent(() => {
  const incidents = useIncidentsStore();
  return () => (incidents.selected ? h(IncidentDetail, { incident: incidents.selected }) : h('p', 'no panel'));
});

function open(over: Partial<Incident> = {}) {
  const incidents = useIncidentsStore();
  incidents.upsert(
    makeIncident({ id: 'inc-1', title: 'Drone over North Gate', sop: SOP.map((s) => ({ ...s })), ...over }),
  );
  incidents.select('inc-1');
  return mount(Host, { global: { plugins: [pinia] } });
}

/** A fake server that applies actions the way the API does, for the ones these tests send. */
function server(by = 'night-op') {
  let current = { ...useIncidentsStore().byId.get('inc-1')! };
  const sent: unknown[] = [];
  const api = installStrictFetch({
    'POST /api/incidents/inc-1/actions': (_url: URL, body: unknown) => {
      const b = body as Record<string, string | boolean>;
      sent.push(b);
      const line = { at: new Date(NOW).toISOString(), by, action: String(b.action) };
      if (b.action === 'acknowledge')
        current = {
          ...current,
          status: 'acknowledged',
          history: [...current.history, { ...line, from: 'new', to: 'acknowledged' }],
        };
      if (b.action === 'sop_step')
        current = {
          ...current,
          status: 'in_progress',
          sop: current.sop!.map((s) =>
            s.id === b.step ? { ...s, done: Boolean(b.done), doneBy: by, doneAt: line.at } : s,
          ),
          history: [...current.history, { ...line, note: `${b.step}. step` }],
        };
      if (b.action === 'resolve')
        current = {
          ...current,
          status: 'resolved',
          history: [...current.history, { ...line, from: current.status, to: 'resolved', note: String(b.reason) }],
        };
      if (b.action === 'assign')
        current = {
          ...current,
          status: 'in_progress',
          assignee: String(b.assignee ?? by),
          history: [...current.history, { ...line, to: String(b.assignee ?? by) }],
        };
      if (b.action === 'note')
        current = { ...current, history: [...current.history, { ...line, note: String(b.note) }] };
      return { changed: true, incident: current };
    },
  });
  return { api, sent };
}

describe('incident panel', () => {
  beforeEach(() => {
    pinia = createPinia();
    setActivePinia(pinia);
    vi.useFakeTimers({ now: NOW });
    useSiteStore().site = makeSite();
  });
  afterEach(() => vi.useRealTimers());

  it('says what, where, how bad, what state and whose at a glance', () => {
    signInForTest('operator', 'night-op');
    const w = open({ severity: 5, firstSeen: minutesAgo(12), affectedZones: ['gate-north', 'data-centre'] });
    expect(w.get('[data-testid="detail-title"]').text()).toBe('Drone over North Gate');
    expect(w.get('[data-testid="incident-detail"]').text()).toContain('CRITICAL');
    expect(w.get('[data-testid="detail-status"]').text()).toBe('New — not acknowledged');
    expect(w.get('[data-testid="detail-assignee"]').text()).toBe('Nobody');
    expect(w.get('[data-testid="detail-zone"]').text()).toBe('North Gate also Data Centre');
    expect(w.get('[data-testid="detail-age"]').text()).toMatch(/^12 min ago/);
    expect(w.get('[data-testid="sop-progress"]').text()).toBe('0 of 3 done');
    expect(w.findAll('[data-testid="history-line"]').map((l) => l.text())).toEqual([
      expect.stringMatching(/correlate raised the incident$/),
    ]);
  });

  it('lets an operator acknowledge, tick a step and resolve with a reason, each shown as the server answers', async () => {
    signInForTest('operator', 'night-op');
    const w = open();
    const { sent } = server();

    await w.get('[data-testid="action-acknowledge"]').trigger('click');
    await flushPromises();
    expect(w.get('[data-testid="detail-status"]').text()).toBe('Acknowledged');
    expect(w.find('[data-testid="action-acknowledge"]').exists()).toBe(false);

    await w.get('[data-testid="sop-tick-2"]').setValue(true);
    await flushPromises();
    expect(w.get('[data-testid="detail-status"]').text()).toBe('In progress');
    expect(w.get('[data-testid="sop-progress"]').text()).toBe('1 of 3 done');
    expect(w.get('[data-step-id="2"] [data-testid="sop-done-by"]').text()).toMatch(/^✓ night-op, /);

    await w.get('[data-testid="action-resolve"]').trigger('click');
    const submit = w.get('[data-testid="resolve-submit"]');
    expect(submit.attributes('disabled')).toBeDefined();
    expect(w.get('[data-testid="resolve-form"]').text()).toContain('Pick a reason first');
    await w.get('[data-testid="resolve-reason-false"]').trigger('click');
    await w.get('[data-testid="resolve-details"]').setValue('A seagull on CAM-GN-02');
    await w.get('[data-testid="resolve-form"]').trigger('submit');
    await flushPromises();

    expect(sent).toEqual([
      { action: 'acknowledge' },
      { action: 'sop_step', step: '2', done: true },
      { action: 'resolve', reason: 'False alarm — A seagull on CAM-GN-02' },
    ]);
    expect(w.get('[data-testid="detail-status"]').text()).toBe('Resolved');
    expect(w.find('[data-testid="action-resolve"]').exists()).toBe(false);
    expect(w.find('[data-testid="action-reopen"]').exists()).toBe(true);
    expect(w.get('[data-testid="detail-resolution"]').text()).toMatch(
      /^Resolved by night-op, .* False alarm — A seagull on CAM-GN-02$/,
    );
    // Resolved: the checklist is a record now, not a control.
    expect(w.get('[data-testid="sop-tick-1"]').attributes('disabled')).toBeDefined();
    const last = w.findAll('[data-testid="history-line"]').at(-1)!;
    expect(last.text()).toContain('night-op resolved it');
    expect(last.get('[data-testid="history-why"]').text()).toBe('False alarm — A seagull on CAM-GN-02');
  });

  it('wants the details when the reason is "Other"', async () => {
    signInForTest('operator', 'night-op');
    const w = open();
    server();
    await w.get('[data-testid="action-resolve"]').trigger('click');
    await w.get('[data-testid="resolve-reason-other"]').trigger('click');
    expect(w.get('[data-testid="resolve-submit"]').attributes('disabled')).toBeDefined();
    expect(w.get('[data-testid="resolve-form"]').text()).toContain('Say what it was');
    await w.get('[data-testid="resolve-details"]').setValue('Contractor drone with a permit');
    expect(w.get('[data-testid="resolve-submit"]').attributes('disabled')).toBeUndefined();
  });

  it('assigns to me or to a name, and adds notes', async () => {
    signInForTest('operator', 'night-op');
    const w = open();
    const { sent } = server();
    await w.get('[data-testid="action-assign-me"]').trigger('click');
    await flushPromises();
    expect(w.get('[data-testid="detail-assignee"]').text()).toBe('night-op');
    expect(w.find('[data-testid="action-assign-me"]').exists()).toBe(false);
    await w.get('[data-testid="action-assign-other"]').trigger('click');
    await w.get('[data-testid="assignee-input"]').setValue('Patrol 2');
    await w.get('[data-testid="assign-form"]').trigger('submit');
    await flushPromises();
    expect(w.get('[data-testid="detail-assignee"]').text()).toBe('Patrol 2');
    await w.get('[data-testid="note-input"]').setValue('Patrol 2 at the gate, nothing seen.');
    await w.get('[data-testid="note-form"]').trigger('submit');
    await flushPromises();
    expect(sent).toEqual([
      { action: 'assign' },
      { action: 'assign', assignee: 'Patrol 2' },
      { action: 'note', note: 'Patrol 2 at the gate, nothing seen.' },
    ]);
    expect((w.get('[data-testid="note-input"]').element as HTMLTextAreaElement).value).toBe('');
    expect(w.findAll('[data-testid="history-line"]').at(-1)!.text()).toContain('Patrol 2 at the gate, nothing seen.');
  });

  it("shows the server's reason when it refuses", async () => {
    signInForTest('operator', 'night-op');
    const w = open();
    installStrictFetch({
      'POST /api/incidents/inc-1/actions': new HttpFailure(409, {
        error:
          'incident inc-1 is resolved (resolved by bob at 2025-03-14T02:29:00.000Z): reopen it first to acknowledge it',
      }),
    });
    await w.get('[data-testid="action-acknowledge"]').trigger('click');
    await flushPromises();
    const said = w.get('[data-testid="action-outcome"]');
    expect(said.text()).toBe(
      'incident inc-1 is resolved (resolved by bob at 2025-03-14T02:29:00.000Z): reopen it first to acknowledge it',
    );
    expect(said.classes()).toContain('detail__outcome--bad');
  });

  it('is read-only for a viewer', () => {
    signInForTest('viewer');
    const w = open();
    expect(w.find('[data-testid="incident-controls"]').exists()).toBe(false);
    expect(w.get('[data-testid="detail-view-only"]').text()).toBe(
      'View only: acting on incidents needs an operator token.',
    );
    for (const box of w.findAll('input[type="checkbox"]')) expect(box.attributes('disabled')).toBeDefined();
    expect(w.findAll('[data-testid="sop-step"]')).toHaveLength(3);
  });

  it('closes with the ✕ and with Escape', async () => {
    signInForTest('viewer');
    const w = open();
    await w.get('[data-testid="detail-close"]').trigger('click');
    expect(w.text()).toBe('no panel');
    useIncidentsStore().select('inc-1');
    await flushPromises();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await flushPromises();
    expect(w.text()).toBe('no panel');
  });
});

describe('incident queue', () => {
  beforeEach(() => {
    pinia = createPinia();
    setActivePinia(pinia);
    vi.useFakeTimers({ now: NOW });
    useSiteStore().site = makeSite();
    signInForTest('viewer');
  });
  afterEach(() => vi.useRealTimers());

  it('shows status and assignee on each row, and the resolved ones on their own tab', async () => {
    const incidents = useIncidentsStore();
    incidents.upsert(makeIncident({ id: 'mine', status: 'in_progress', assignee: 'night-op' }));
    const api = installStrictFetch({
      '/api/incidents': [makeIncident({ id: 'done', status: 'resolved', title: 'Port scan in Data Centre' })],
    });
    const w = mount(IncidentList, { global: { plugins: [pinia] } });
    const row = w.get('[data-testid="incident-row"]');
    expect(row.get('[data-testid="incident-status"]').text()).toBe('In progress');
    expect(row.get('[data-testid="incident-assignee"]').text()).toBe('night-op');
    expect(w.get('[data-testid="queue-tab-open"]').text()).toBe('1 open');

    await w.get('[data-testid="queue-tab-resolved"]').trigger('click');
    await flushPromises();
    expect(api.calls).toEqual(['/api/incidents?status=resolved&limit=50']);
    const rows = w.findAll('[data-testid="incident-row"]');
    expect(rows.map((r) => r.attributes('data-incident-id'))).toEqual(['done']);
    expect(rows[0].get('[data-testid="incident-status"]').text()).toBe('Resolved');
    await rows[0].trigger('click');
    expect(incidents.selected?.id).toBe('done');
  });
});
