// Which screen is shown, from the URL hash (#/feeds), so a reload or a bookmark keeps it.
// Two screens do not need a router library.
import { onBeforeUnmount, onMounted, ref } from 'vue';

export type Screen = 'map' | 'feeds';

export function screenOf(hash: string): Screen {
  return hash.replace(/^#\/?/, '').split(/[/?]/)[0] === 'feeds' ? 'feeds' : 'map';
}

export function useHashRoute() {
  const screen = ref<Screen>(screenOf(location.hash));
  const sync = () => (screen.value = screenOf(location.hash));
  onMounted(() => window.addEventListener('hashchange', sync));
  onBeforeUnmount(() => window.removeEventListener('hashchange', sync));
  return { screen };
}
