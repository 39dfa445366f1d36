import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import IncidentEvidence from './IncidentEvidence.vue';
import { HttpFailure, installStrictFetch } from '../../testing/strict-fetch.ts';
import { signInForTest } from '../../testing/session.ts';
import { makeIncident, makeIndicator } from '../../testing/fixtures.ts';

// The cloned-badge incident: one badge granted at two gates 90 s apart.
const grantNorth = makeIndicator({
  id: 'pacs:gate-north:881',
  time: '2025-03-14T02:10:00.000Z',
  domain: 'physical',
  type: 'access.granted',
  title: 'Access granted at North Gate turnstile 2',
  observables: [{ type: 'badge', value: '0451-7789' }],
  raw: { event: 'ACCESS_GRANTED', reader: 'NG-T2', card: '0451-7789' },
});
const grantSouth = makeIndicator({
  id: 'pacs:gate-south:402',
  time: '2025-03-14T02:11:30.000Z',
  domain: 'physical',
  type: 'access.granted',
  title: 'Access granted at South Gate turnstile 1',
  observables: [{ type: 'badge', value: '0451-7789' }],
  raw: { event: 'ACCESS_GRANTED', reader: 'SG-T1', card: '0451-7789' },
});
const incident = makeIncident({
  ruleId: 'cloned-badge',
  title: 'Badge used in two zones too quickly (cloned credential?)',
  indicatorIds: [grantSouth.id, grantNorth.id],
});
const fmt = (iso: string) => iso.slice(11, 19);

describe('incident evidence', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    signInForTest('viewer');
  });

  it('lists the indicators oldest first, names the badge, and opens a raw record', async () => {
    installStrictFetch({
      [`/api/indicators/${encodeURIComponent(grantNorth.id)}`]: grantNorth,
      [`/api/indicators/${encodeURIComponent(grantSouth.id)}`]: grantSouth,
    });
    const w = mount(IncidentEvidence, { props: { incident, formatTime: fmt } });
    await flushPromises();
    expect(w.get('[data-testid="evidence-observables"]').text()).toContain('Badge0451-7789 in 2 of 2');
    const items = w.findAll('[data-testid="evidence-item"]');
    expect(items.map((i) => i.text())).toEqual([
      expect.stringContaining('02:10:00'),
      expect.stringContaining('02:11:30'),
    ]);
    await items[1].get('button').trigger('click');
    expect(w.get('[data-testid="evidence-raw"]').text()).toContain('"reader": "SG-T1"');
  });

  it('says how many could not be loaded', async () => {
    installStrictFetch({
      [`/api/indicators/${encodeURIComponent(grantNorth.id)}`]: grantNorth,
      [`/api/indicators/${encodeURIComponent(grantSouth.id)}`]: new HttpFailure(404, { error: 'no such indicator' }),
    });
    const w = mount(IncidentEvidence, { props: { incident, formatTime: fmt } });
    await flushPromises();
    expect(w.findAll('[data-testid="evidence-item"]')).toHaveLength(1);
    expect(w.get('[role="alert"]').text()).toMatch(
      /Could not load 1 of them: GET \/api\/indicators\/pacs%3Agate-south%3A402 failed: 404/,
    );
  });
});
