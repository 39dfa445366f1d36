// The alarm tone: two short beeps made with the Web Audio API (no audio files), repeated every
// few seconds while the alarm store says so. Browsers keep an AudioContext silent until the
// user has clicked or typed on the page: the first click or key press anywhere starts it, and
// until then the store says 'blocked' so the header can ask for that click.
import { onBeforeUnmount, onMounted, watch } from 'vue';
import { useAlarmStore } from '../stores/alarm.ts';

export const REPEAT_MS = 4000;

/** The part of AudioContext the tone uses; tests hand in a fake. */
export type ToneContext = Pick<
  AudioContext,
  'state' | 'currentTime' | 'destination' | 'resume' | 'close' | 'createOscillator' | 'createGain'
>;

export interface AlarmSoundOptions {
  /** Makes the audio context; null when the browser has no Web Audio. */
  createContext?: () => ToneContext | null;
  repeatMs?: number;
}

function browserContext(): ToneContext | null {
  const Ctor =
    globalThis.AudioContext ??
    (globalThis as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  return Ctor ? new Ctor() : null;
}

/** High then low, 0.18 s each: recognisable over a control room's noise, not a siren. */
export function playTone(ctx: ToneContext): void {
  const t0 = ctx.currentTime;
  for (const [i, hz] of [880, 660].entries()) {
    const start = t0 + i * 0.22;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.setValueAtTime(hz, start);
    // A short fade in and out: a square wave switched on hard clicks.
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(0.18, start + 0.015);
    gain.gain.setValueAtTime(0.18, start + 0.16);
    gain.gain.linearRampToValueAtTime(0, start + 0.18);
    osc.connect(gain);
    gain.connect(ctx.destination);
    osc.start(start);
    osc.stop(start + 0.2);
  }
}

export function useAlarmSound(options: AlarmSoundOptions = {}): { beep(): void } {
  const alarm = useAlarmStore();
  const createContext = options.createContext ?? browserContext;
  const repeatMs = options.repeatMs ?? REPEAT_MS;
  let ctx: ToneContext | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  function context(): ToneContext | null {
    if (ctx) return ctx;
    try {
      ctx = createContext();
    } catch {
      ctx = null;
    }
    if (!ctx) alarm.audio = 'unsupported';
    return ctx;
  }

  function beep(): void {
    const c = context();
    if (!c) return;
    if (c.state !== 'running') {
      // Created before any click: the browser holds it suspended. Try; the first click will.
      alarm.audio = 'blocked';
      void c.resume().then(
        () => {
          if (c.state === 'running') alarm.audio = 'ready';
        },
        () => {},
      );
      return;
    }
    alarm.audio = 'ready';
    playTone(c);
  }

  /** A click or key press lets the page make sound: start the context then. */
  function unlock(): void {
    if (alarm.audio === 'ready' || alarm.audio === 'unsupported') return;
    const c = context();
    if (!c) return;
    void c.resume().then(
      () => {
        if (c.state !== 'running') return;
        alarm.audio = 'ready';
        if (alarm.sounding) playTone(c);
      },
      () => {},
    );
  }

  function stop(): void {
    if (timer) clearInterval(timer);
    timer = null;
  }

  watch(
    () => alarm.sounding,
    (on) => {
      stop();
      if (!on) return;
      beep();
      timer = setInterval(beep, repeatMs);
    },
    { immediate: true },
  );

  onMounted(() => {
    document.addEventListener('pointerdown', unlock, true);
    document.addEventListener('keydown', unlock, true);
  });
  onBeforeUnmount(() => {
    stop();
    document.removeEventListener('pointerdown', unlock, true);
    document.removeEventListener('keydown', unlock, true);
    void ctx?.close().catch(() => {});
    ctx = null;
  });

  return { beep };
}
