// State of the live link, in words an operator understands. The realtime service is the
// only writer; the header is the main reader.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

export type LinkState = 'connecting' | 'connected' | 'reconnecting';

export const useConnectionStore = defineStore('connection', () => {
  const state = ref<LinkState>('connecting');
  /** When the live link was lost; everything on screen may be stale since then. */
  const offlineSince = ref<number | null>(null);
  const retryInMs = ref<number | null>(null);
  const attempts = ref(0);
  /** Server clock minus browser clock, so ages are right even on a badly set PC clock. */
  const serverOffsetMs = ref(0);
  const badMessages = ref(0);

  const label = computed(() => {
    if (state.value === 'connected') return 'Connected';
    if (state.value === 'connecting') return 'Connecting…';
    return 'Reconnecting…';
  });

  function connecting(): void {
    if (state.value !== 'reconnecting') state.value = 'connecting';
    attempts.value += 1;
  }

  function opened(): void {
    state.value = 'connected';
    offlineSince.value = null;
    retryInMs.value = null;
    attempts.value = 0;
  }

  function closed(retryIn: number, now = Date.now()): void {
    state.value = 'reconnecting';
    offlineSince.value ??= now;
    retryInMs.value = retryIn;
  }

  /** The server went silent (no batch, no heartbeat): frozen or cut off; since when we last heard it. */
  function silent(lastHeard: number, retryIn: number): void {
    state.value = 'reconnecting';
    offlineSince.value ??= lastHeard;
    retryInMs.value = retryIn;
  }

  function hello(serverTime: string, now = Date.now()): void {
    const t = Date.parse(serverTime);
    if (Number.isFinite(t)) serverOffsetMs.value = t - now;
  }

  function badMessage(): void {
    badMessages.value += 1;
  }

  function serverNow(now = Date.now()): number {
    return now + serverOffsetMs.value;
  }

  return {
    state,
    label,
    offlineSince,
    retryInMs,
    attempts,
    serverOffsetMs,
    badMessages,
    connecting,
    opened,
    closed,
    silent,
    hello,
    badMessage,
    serverNow,
  };
});
