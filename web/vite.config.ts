import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The API runs on :8080 (`npm start`); in development Vite serves the app and forwards
// REST and the live WebSocket there, so the browser sees one origin as in production.
export default defineConfig({
  plugins: [vue()],
  server: {
    proxy: {
      '/api': { target: 'http://localhost:8080', ws: true, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // ECharts' core alone is ~510 kB minified (170 kB gzipped), already reduced to the line chart.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // Libraries change far less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'leaflet', test: /node_modules[\\/]leaflet[\\/]/ },
            { name: 'vue', test: /node_modules[\\/](@vue|vue|pinia)[\\/]/ },
          ],
        },
      },
    },
  },
});
