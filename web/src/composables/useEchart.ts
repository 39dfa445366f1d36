// Creates an ECharts instance on mount, feeds it the option whenever the option changes,
// keeps it sized to its container, and disposes it on unmount.
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the app's charts use: the full echarts bundle is several times larger.
echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export function useEchart(container: Ref<HTMLElement | null>, option: () => echarts.EChartsCoreOption): void {
  let chart: echarts.ECharts | null = null;
  let resize: ResizeObserver | null = null;

  onMounted(() => {
    if (!container.value) return;
    chart = echarts.init(container.value, null, { renderer: 'canvas' });
    chart.setOption(option());
    resize = new ResizeObserver(() => chart?.resize());
    resize.observe(container.value);
  });

  // lazyUpdate: several store flushes within one frame cost one redraw.
  watch(option, (next) => chart?.setOption(next, { lazyUpdate: true }));

  onBeforeUnmount(() => {
    resize?.disconnect();
    chart?.dispose();
    chart = null;
  });
}
