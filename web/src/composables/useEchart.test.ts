import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick, ref } from 'vue';
import { mount } from '@vue/test-utils';

// ECharts needs a real canvas; jsdom has none. The composable's job is the lifecycle,
// so that is what is checked against a stand-in.
const chart = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() };
vi.mock('echarts/core', () => ({ use: vi.fn(), init: vi.fn(() => chart) }));

const { useEchart } = await import('./useEchart.ts');
const echarts = await import('echarts/core');

class NoopResizeObserver {
  observe() {}
  disconnect() {}
}

describe('useEchart', () => {
  beforeEach(() => {
    vi.stubGlobal('ResizeObserver', NoopResizeObserver);
    vi.clearAllMocks();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('creates the chart on mount, updates it when the option changes, disposes it on unmount', async () => {
    const value = ref(1);
    const Host = defineComponent({
      setup() {
        const el = ref<HTMLElement | null>(null);
        useEchart(el, () => ({ series: [{ data: [value.value] }] }));
        return () => h('div', { ref: el });
      },
    });
    const wrapper = mount(Host);
    expect(echarts.init).toHaveBeenCalledTimes(1);
    expect(chart.setOption).toHaveBeenLastCalledWith({ series: [{ data: [1] }] });

    value.value = 2;
    await nextTick();
    expect(chart.setOption).toHaveBeenLastCalledWith({ series: [{ data: [2] }] }, { lazyUpdate: true });

    wrapper.unmount();
    expect(chart.dispose).toHaveBeenCalledTimes(1);
  });
});
