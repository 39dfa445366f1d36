import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { nextTick } from 'vue';
import IncidentList from './IncidentList.vue';
import { useIncidentsStore } from '../../stores/incidents.ts';
import { useSiteStore } from '../../stores/site.ts';
import { NOW, makeIncident, makeSite, minutesAgo } from '../../testing/fixtures.ts';

let pinia: Pinia;

function render() {
  return mount(IncidentList, { global: { plugins: [pinia] } });
}

describe('IncidentList', () => {
  beforeEach(() => {
    pinia = createPinia();
    setActivePinia(pinia);
    vi.useFakeTimers({ now: NOW });
    useSiteStore().site = makeSite();
  });
  afterEach(() => vi.useRealTimers());

  it('puts the newest critical incident first, then by severity', () => {
    const incidents = useIncidentsStore();
    incidents.upsert(makeIncident({ id: 'medium', severity: 3, firstSeen: minutesAgo(1) }));
    incidents.upsert(makeIncident({ id: 'old-critical', severity: 5, firstSeen: minutesAgo(40) }));
    incidents.upsert(makeIncident({ id: 'high', severity: 4, firstSeen: minutesAgo(5) }));
    incidents.upsert(makeIncident({ id: 'new-critical', severity: 5, firstSeen: minutesAgo(2) }));
    const rows = render().findAll('[data-testid="incident-row"]');
    expect(rows.map((r) => r.attributes('data-incident-id'))).toEqual([
      'new-critical',
      'old-critical',
      'high',
      'medium',
    ]);
    expect(rows[0].text()).toContain('CRITICAL');
    expect(rows[2].text()).toContain('HIGH');
    expect(rows[3].text()).toContain('MEDIUM');
  });

  it('shows severity, title, zone name, age and status', () => {
    useIncidentsStore().upsert(makeIncident({ firstSeen: minutesAgo(3), status: 'acknowledged' }));
    const row = render().get('[data-testid="incident-row"]');
    expect(row.text()).toContain('Gate controller compromised, then door forced');
    expect(row.get('[data-testid="incident-zone"]').text()).toBe('North Gate');
    expect(row.get('[data-testid="incident-age"]').text()).toBe('3 min ago');
    expect(row.get('[data-testid="incident-status"]').text()).toBe('Acknowledged');
  });

  it('keeps the age counting while the screen is idle', async () => {
    useIncidentsStore().upsert(makeIncident({ firstSeen: minutesAgo(3) }));
    const wrapper = render();
    vi.advanceTimersByTime(60_000);
    await nextTick();
    expect(wrapper.get('[data-testid="incident-age"]').text()).toBe('4 min ago');
  });

  it('shows a pushed incident without a reload', async () => {
    const wrapper = render();
    expect(wrapper.text()).toContain('No open incidents');
    useIncidentsStore().upsert(makeIncident({ id: 'pushed', severity: 5 }));
    await nextTick();
    expect(wrapper.findAll('[data-testid="incident-row"]')).toHaveLength(1);
  });

  it('selects an incident on click so the map can highlight its zone', async () => {
    const incidents = useIncidentsStore();
    incidents.upsert(makeIncident({ id: 'a' }));
    const wrapper = render();
    await wrapper.get('[data-testid="incident-row"]').trigger('click');
    expect(incidents.selected?.zoneId).toBe('gate-north');
    expect(wrapper.get('[data-testid="incident-row"]').classes()).toContain('row--selected');
    await wrapper.get('[data-testid="incident-row"]').trigger('click');
    expect(incidents.selectedId).toBeNull();
  });

  it('marks exercise incidents, in a queue of their own that the open count leaves out', async () => {
    useIncidentsStore().upsert(makeIncident({ id: 'drill', mode: 'exercise' }));
    useIncidentsStore().upsert(makeIncident({ id: 'real', mode: 'live' }));
    const wrapper = render();
    expect(wrapper.findAll('[data-testid="incident-row"]').map((r) => r.attributes('data-incident-id'))).toEqual([
      'real',
    ]);
    expect(wrapper.get('[data-testid="queue-tab-open"]').text()).toBe('1 open');
    await wrapper.get('[data-testid="queue-tab-exercise"]').trigger('click');
    expect(wrapper.get('[data-testid="queue-tab-exercise"]').text()).toBe('1 exercise');
    expect(wrapper.get('[data-testid="exercise-tag"]').text()).toBe('EXERCISE');
    expect(wrapper.findAll('[data-testid="incident-row"]').map((r) => r.attributes('data-incident-id'))).toEqual([
      'drill',
    ]);
  });
});
