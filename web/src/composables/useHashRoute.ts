// Which screen is shown, from the URL hash (#/feeds, #/exercises/<id>/review), so a reload or a
// bookmark keeps it. A few screens do not need a router library.
import { onBeforeUnmount, onMounted, ref } from 'vue';

export type Screen = 'map' | 'feeds' | 'exercises';

export function screenOf(hash: string): Screen {
  const first = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return first === 'feeds' ? 'feeds' : first === 'exercises' || first === 'reviews' ? 'exercises' : 'map';
}

/** The exercises screen's page: the list, one exercise, or a review (of an exercise or an incident). */
export type ExercisePage =
  { page: 'list' } | { page: 'exercise'; id: string } | { page: 'review'; kind: 'exercises' | 'incidents'; id: string };

export function exercisePageOf(hash: string): ExercisePage {
  const parts = hash.replace(/^#\/?/, '').split('?')[0].split('/').map(decodeURIComponent);
  if (parts[0] === 'reviews' && parts[1] === 'incident' && parts[2])
    return { page: 'review', kind: 'incidents', id: parts[2] };
  if (parts[0] === 'exercises' && parts[1] && parts[2] === 'review')
    return { page: 'review', kind: 'exercises', id: parts[1] };
  if (parts[0] === 'exercises' && parts[1]) return { page: 'exercise', id: parts[1] };
  return { page: 'list' };
}

export function useHashRoute() {
  const screen = ref<Screen>(screenOf(location.hash));
  const sync = () => (screen.value = screenOf(location.hash));
  onMounted(() => window.addEventListener('hashchange', sync));
  onBeforeUnmount(() => window.removeEventListener('hashchange', sync));
  return { screen };
}
