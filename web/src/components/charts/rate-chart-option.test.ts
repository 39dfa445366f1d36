import { describe, expect, it } from 'vitest';
import { rateChartOption, rateSeries } from './rate-chart-option.ts';
import type { RateByMinute } from '../../stores/indicators.ts';

const now = Date.parse('2025-03-14T02:30:40Z');
const at = (iso: string) => Date.parse(iso);

describe('indicator rate chart', () => {
  it('covers the last 60 minutes, the current one last, quiet minutes as zero', () => {
    const rate: RateByMinute = new Map([
      [at('2025-03-14T02:30:00Z'), { physical: 3, cyber: 9 }],
      [at('2025-03-14T01:31:00Z'), { physical: 1, cyber: 0 }],
      [at('2025-03-14T01:30:00Z'), { physical: 99, cyber: 99 }],
    ]);
    const s = rateSeries(rate, now);
    expect(s.minutes).toHaveLength(60);
    expect(s.minutes[59]).toBe(at('2025-03-14T02:30:00Z'));
    expect(s.physical[59]).toBe(3);
    expect(s.cyber[59]).toBe(9);
    expect(s.physical[0]).toBe(1);
    expect(s.physical.slice(1, 59).every((n) => n === 0)).toBe(true);
  });

  it('draws physical and cyber as two series with minute labels in the site time zone', () => {
    const option = rateChartOption(rateSeries(new Map(), now), 'Europe/Madrid') as {
      series: { name: string }[];
      xAxis: { data: string[] };
    };
    expect(option.series.map((x) => x.name)).toEqual(['Physical', 'Cyber']);
    expect(option.xAxis.data[59]).toBe('03:30');
  });
});
