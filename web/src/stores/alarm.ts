// The audible alarm's state: which incidents it sounds for — live critical incidents nobody
// has acknowledged yet — whether this console muted it (remembered in localStorage), and
// whether the browser lets it play. The sound itself is made by useAlarmSound.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Incident } from '@portwatch/schema';
import { useIncidentsStore } from './incidents.ts';

export const MUTE_KEY = 'portwatch.alarm.muted';

/**
 * 'waiting': nothing played yet; 'ready': sound is playing or can; 'blocked': the browser
 * holds sound back until the user clicks or types on the page; 'unsupported': no Web Audio.
 */
export type AudioState = 'waiting' | 'ready' | 'blocked' | 'unsupported';

/** Sounds until someone acknowledges it. Exercises and replays never sound. */
export function needsAlarm(incident: Incident): boolean {
  return incident.severity === 5 && incident.mode === 'live' && incident.status === 'new';
}

function storedMute(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === 'true';
  } catch {
    return false;
  }
}

export const useAlarmStore = defineStore('alarm', () => {
  const incidents = useIncidentsStore();
  const muted = ref(storedMute());
  const audio = ref<AudioState>('waiting');

  const unacknowledged = computed(() => incidents.queue.filter(needsAlarm));
  /** An unacknowledged critical incident is waiting, whether or not the sound is muted. */
  const ringing = computed(() => unacknowledged.value.length > 0);
  const sounding = computed(() => ringing.value && !muted.value);

  function setMuted(value: boolean): void {
    muted.value = value;
    try {
      localStorage.setItem(MUTE_KEY, String(value));
    } catch {
      // Private mode without storage: the choice lasts until the page is reloaded.
    }
  }

  return { muted, audio, unacknowledged, ringing, sounding, setMuted, toggleMute: () => setMuted(!muted.value) };
});
