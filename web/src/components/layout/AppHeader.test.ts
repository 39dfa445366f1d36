import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { nextTick } from 'vue';
import AppHeader from './AppHeader.vue';
import ExerciseBanner from './ExerciseBanner.vue';
import { useSiteStore } from '../../stores/site.ts';
import { useConnectionStore } from '../../stores/connection.ts';
import { useIncidentsStore } from '../../stores/incidents.ts';
import { makeIncident, makeSite } from '../../testing/fixtures.ts';

let pinia: Pinia;
const health = {
  status: 'ok',
  siteId: 'valencia',
  simulated: true,
  uptimeS: 1,
  startedAt: '2025-03-14T02:00:00Z',
} as const;

describe('header and exercise banner', () => {
  beforeEach(() => {
    pinia = createPinia();
    setActivePinia(pinia);
  });

  it('names the site, says it is a demo, and shows the live link in words', async () => {
    const site = useSiteStore();
    site.site = makeSite();
    site.health = { ...health };
    const wrapper = mount(AppHeader, { global: { plugins: [pinia] } });
    expect(wrapper.get('[data-testid="site-name"]').text()).toBe('Port of Valencia');
    expect(wrapper.get('[data-testid="demo-badge"]').text()).toBe('DEMO — simulated sensors');
    expect(wrapper.get('[data-testid="connection-state"]').text()).toBe('Connecting…');

    const connection = useConnectionStore();
    connection.opened();
    await nextTick();
    expect(wrapper.get('[data-testid="connection-state"]').text()).toBe('Connected');
    connection.closed(1000, Date.parse('2025-03-14T02:13:05Z'));
    await nextTick();
    expect(wrapper.get('[data-testid="connection-state"]').text()).toBe('Reconnecting… no live data since 03:13:05');
  });

  it('shows no demo badge for real sensors', () => {
    const site = useSiteStore();
    site.health = { ...health, simulated: false };
    expect(
      mount(AppHeader, { global: { plugins: [pinia] } })
        .find('[data-testid="demo-badge"]')
        .exists(),
    ).toBe(false);
  });

  it('shows the EXERCISE banner only while an open exercise incident is in the queue', async () => {
    const wrapper = mount(ExerciseBanner, { global: { plugins: [pinia] } });
    expect(wrapper.find('[data-testid="exercise-banner"]').exists()).toBe(false);
    const incidents = useIncidentsStore();
    incidents.upsert(makeIncident({ id: 'drill', mode: 'exercise' }));
    await nextTick();
    expect(wrapper.get('[data-testid="exercise-banner"]').text()).toBe(
      'EXERCISE traffic present — exercise incidents are marked',
    );
    incidents.upsert(makeIncident({ id: 'drill', mode: 'exercise', status: 'resolved' }));
    await nextTick();
    expect(wrapper.find('[data-testid="exercise-banner"]').exists()).toBe(false);
  });
});
