// One situation, one queue row: the parts of a case behind its most severe part, expandable;
// acknowledging the case acknowledges its new parts; the panel shows the rule's ATT&CK tags
// (linked) and the case's other parts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { defineComponent, h } from 'vue';
import type { Incident } from '@portwatch/schema';
import IncidentList from './IncidentList.vue';
import IncidentDetail from './IncidentDetail.vue';
import { useIncidentsStore } from '../../stores/incidents.ts';
import { useSiteStore } from '../../stores/site.ts';
import { installStrictFetch } from '../../testing/strict-fetch.ts';
import { signInForTest } from '../../testing/session.ts';
import { NOW, makeIncident, makeSite, minutesAgo } from '../../testing/fixtures.ts';

let pinia: Pinia;
const CASE = 'case-0123456789abcdef';

function notpetyaAtTheGate(): Incident[] {
  const incidents = useIncidentsStore();
  const parts = [
    makeIncident({
      id: 'hybrid',
      caseId: CASE,
      severity: 4,
      title: 'Hybrid activity in North Gate',
      lastSeen: minutesAgo(2),
    }),
    makeIncident({
      id: 'cascade',
      caseId: CASE,
      severity: 5,
      title: 'Cyber compromise cascading into North Gate',
      lastSeen: minutesAgo(4),
      tags: ['attack.t1210', 'attack.t0813', 'attack.lateral_movement'],
    }),
    makeIncident({ id: 'alone', severity: 4, title: 'Port scan', lastSeen: minutesAgo(1) }),
  ];
  for (const p of parts) incidents.upsert(p);
  return parts;
}

describe('cases in the queue', () => {
  beforeEach(() => {
    pinia = createPinia();
    setActivePinia(pinia);
    vi.useFakeTimers({ now: NOW });
    useSiteStore().site = makeSite();
  });
  afterEach(() => vi.useRealTimers());

  it('shows a case as one row led by its most severe part, ahead of a lone high incident; its parts on demand', async () => {
    notpetyaAtTheGate();
    const list = mount(IncidentList, { global: { plugins: [pinia] } });
    const visible = () => list.findAll('[data-testid="incident-row"]').map((r) => r.attributes('data-incident-id'));
    expect(visible()).toEqual(['cascade', 'alone']);
    expect(list.get('[data-testid="case-toggle"]').text()).toContain('1 more part');
    await list.get('[data-testid="case-toggle"]').trigger('click');
    expect(visible()).toEqual(['cascade', 'hybrid', 'alone']);
  });

  it('acknowledging the case acknowledges each of its new parts, and only those', async () => {
    signInForTest('operator');
    notpetyaAtTheGate();
    const sent: string[] = [];
    const ack = (id: string) => (_url: URL, body: unknown) => {
      sent.push(`${id}:${(body as { action: string }).action}`);
      const inc = useIncidentsStore().byId.get(id)!;
      return { incident: { ...inc, status: 'acknowledged' }, changed: true };
    };
    installStrictFetch({
      'POST /api/incidents/hybrid/actions': ack('hybrid'),
      'POST /api/incidents/cascade/actions': ack('cascade'),
    });
    const list = mount(IncidentList, { global: { plugins: [pinia] } });
    await list.get('[data-testid="case-acknowledge"]').trigger('click');
    await flushPromises();
    expect(sent.sort()).toEqual(['cascade:acknowledge', 'hybrid:acknowledge']);
    const incidents = useIncidentsStore();
    expect(incidents.byId.get('alone')!.status).toBe('new');
    expect(list.find('[data-testid="case-acknowledge"]').exists()).toBe(false);
  });

  it('a viewer sees the case but no acknowledge button', () => {
    signInForTest('viewer');
    notpetyaAtTheGate();
    const list = mount(IncidentList, { global: { plugins: [pinia] } });
    expect(list.find('[data-testid="case-row"]').exists()).toBe(true);
    expect(list.find('[data-testid="case-acknowledge"]').exists()).toBe(false);
  });
});

describe('the incident panel', () => {
  beforeEach(() => {
    pinia = createPinia();
    setActivePinia(pinia);
    vi.useFakeTimers({ now: NOW });
    useSiteStore().site = makeSite();
  });
  afterEach(() => vi.useRealTimers());

  const Host = defineComponent(() => {
    const incidents = useIncidentsStore();
    return () => (incidents.selected ? h(IncidentDetail, { incident: incidents.selected }) : h('p', 'no panel'));
  });

  it('shows the ATT&CK techniques linked to attack.mitre.org, and the other part of the case, one click away', async () => {
    notpetyaAtTheGate();
    const incidents = useIncidentsStore();
    incidents.select('cascade');
    const panel = mount(Host, { global: { plugins: [pinia] } });
    const links = panel.findAll('a[data-testid="incident-tag"]');
    expect(links.map((a) => [a.text(), a.attributes('href')])).toEqual([
      ['T1210', 'https://attack.mitre.org/techniques/T1210/'],
      ['T0813', 'https://attack.mitre.org/techniques/T0813/'],
    ]);
    expect(panel.get('[data-testid="incident-tags"]').text()).toContain('lateral movement');
    const parts = panel.findAll('[data-testid="case-part"]');
    expect(parts.map((p) => p.text())).toEqual([expect.stringContaining('Hybrid activity in North Gate')]);
    await parts[0].trigger('click');
    expect(incidents.selectedId).toBe('hybrid');
  });

  it('shows neither for an incident with no tags and no case', () => {
    notpetyaAtTheGate();
    useIncidentsStore().select('alone');
    const panel = mount(Host, { global: { plugins: [pinia] } });
    expect(panel.find('[data-testid="incident-tags"]').exists()).toBe(false);
    expect(panel.find('[data-testid="case-parts-panel"]').exists()).toBe(false);
  });
});
