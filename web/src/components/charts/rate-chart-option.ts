// The indicator-rate chart as data: a fixed window of minutes, zero-filled, so the chart
// shows quiet minutes as zero instead of joining the points around them.
import type { EChartsCoreOption } from 'echarts/core';
import type { RateByMinute } from '../../stores/indicators.ts';

const MINUTE = 60_000;

export interface RateSeries {
  minutes: number[];
  physical: number[];
  cyber: number[];
}

export function rateSeries(rate: RateByMinute, nowMs: number, windowMin = 60): RateSeries {
  const current = Math.floor(nowMs / MINUTE) * MINUTE;
  const out: RateSeries = { minutes: [], physical: [], cyber: [] };
  for (let m = current - (windowMin - 1) * MINUTE; m <= current; m += MINUTE) {
    const c = rate.get(m);
    out.minutes.push(m);
    out.physical.push(c?.physical ?? 0);
    out.cyber.push(c?.cyber ?? 0);
  }
  return out;
}

export const DOMAIN_COLORS = { physical: '#38d9c0', cyber: '#b197fc' } as const;
const TEXT = '#b8c4d0';
const GRID = '#1e2935';

export function rateChartOption(series: RateSeries, timeZone?: string): EChartsCoreOption {
  const hhmm = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
  const line = (name: string, data: number[], color: string) => ({
    name,
    type: 'line',
    data,
    showSymbol: false,
    lineStyle: { width: 2, color },
    itemStyle: { color },
    areaStyle: { color, opacity: 0.12 },
  });
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: TEXT },
    grid: { left: 40, right: 14, top: 30, bottom: 26 },
    legend: { top: 2, right: 8, textStyle: { color: TEXT, fontSize: 12 }, itemWidth: 14 },
    tooltip: { trigger: 'axis', backgroundColor: '#0d141c', borderColor: GRID, textStyle: { color: '#e8eef5' } },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: series.minutes.map((m) => hhmm.format(m)),
      axisLabel: { color: TEXT, interval: 14 },
      axisLine: { lineStyle: { color: GRID } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: TEXT },
      splitLine: { lineStyle: { color: GRID } },
    },
    series: [
      line('Physical', series.physical, DOMAIN_COLORS.physical),
      line('Cyber', series.cyber, DOMAIN_COLORS.cyber),
    ],
  };
}
