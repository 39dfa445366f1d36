import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import RiskLegend from './RiskLegend.vue';

describe('map legend', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('starts folded on a screen under 1000 px high, where it would cover the plan', () => {
    vi.stubGlobal('innerHeight', 900);
    const legend = mount(RiskLegend).get<HTMLDetailsElement>('[data-testid="risk-legend"]');
    expect(legend.element.open).toBe(false);
    expect(legend.get('summary').text()).toBe('Legend');
  });

  it('starts open on a tall screen, with what moves on the map', () => {
    vi.stubGlobal('innerHeight', 1200);
    const legend = mount(RiskLegend).get<HTMLDetailsElement>('[data-testid="risk-legend"]');
    expect(legend.element.open).toBe(true);
    expect(legend.text()).toMatch(/AIS anomaly on this\s+vessel/);
    expect(legend.text()).toContain('Exercise traffic');
  });

  it('says what each risk level means when the operator hovers it', () => {
    const levels = mount(RiskLegend).findAll('[data-testid="legend-level"]');
    expect(levels.map((l) => l.text())).toEqual(['Severe', 'High', 'Elevated', 'Guarded', 'Low']);
    expect(levels[0].attributes('title')).toMatch(/^80–100: a critical incident is open/);
    expect(levels[4].attributes('title')).toMatch(/routine traffic only/);
  });

  it('leaves vessels out at a site with no AIS receiver (an airport)', () => {
    vi.stubGlobal('innerHeight', 1200);
    const legend = mount(RiskLegend, { props: { vessels: false } });
    expect(legend.text()).not.toContain('Vessel (AIS)');
    expect(legend.text()).not.toContain('AIS anomaly');
    expect(legend.text()).toContain('Drone (Remote ID)');
  });
});
