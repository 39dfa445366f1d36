import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { nextTick } from 'vue';
import { useSiteStore } from '../../stores/site.ts';
import { defineComponent, h } from 'vue';
import AlarmControl from './AlarmControl.vue';
import AlarmBanner from './AlarmBanner.vue';
import { useIncidentsStore } from '../../stores/incidents.ts';
import { MUTE_KEY } from '../../stores/alarm.ts';
import { REPEAT_MS, type ToneContext } from '../../composables/useAlarmSound.ts';
import { NOW, makeIncident, makeSite } from '../../testing/fixtures.ts';

let pinia: Pinia;

/** A stand-in for the browser's AudioContext that records the tones it was asked to play. */
function fakeAudio(opts: { allowed: boolean } = { allowed: true }) {
  const tones: number[] = [];
  const ctx = {
    state: (opts.allowed ? 'running' : 'suspended') as AudioContextState,
    currentTime: 0,
    destination: {} as AudioDestinationNode,
    // Like a browser: resuming works only once the user has interacted with the page.
    resume: vi.fn(async () => {
      if (opts.allowed) ctx.state = 'running';
    }),
    close: vi.fn(async () => {}),
    createOscillator: () => ({
      type: 'sine',
      frequency: { setValueAtTime: (hz: number) => tones.push(hz) },
      connect: () => {},
      start: () => {},
      stop: () => {},
    }),
    createGain: () => ({ gain: { setValueAtTime: () => {}, linearRampToValueAtTime: () => {} }, connect: () => {} }),
  };
  return {
    ctx: ctx as unknown as ToneContext,
    opts,
    /** Each alarm sound is a high and a low beep. */
    sounds: () => tones.filter((hz) => hz === 880).length,
  };
}

/** The header's mute switch (which makes the sound) and the banner under the header, as App shows them. */
function render(audio: ReturnType<typeof fakeAudio>) {
  const Screen = defineComponent(
    () => () => h('div', [h(AlarmControl, { sound: { createContext: () => audio.ctx } }), h(AlarmBanner)]),
  );
  return mount(Screen, { global: { plugins: [pinia] }, attachTo: document.body });
}

const critical = (over = {}) => makeIncident({ id: 'crit', severity: 5, status: 'new', mode: 'live', ...over });

describe('audible alarm', () => {
  beforeEach(() => {
    pinia = createPinia();
    setActivePinia(pinia);
    localStorage.clear();
    vi.useFakeTimers({ now: NOW });
    useSiteStore().site = makeSite();
  });
  afterEach(() => vi.useRealTimers());

  it('sounds for a new live critical incident and repeats every few seconds until someone acknowledges it', async () => {
    const audio = fakeAudio();
    const wrapper = render(audio);
    expect(wrapper.find('[data-testid="alarm-ringing"]').exists()).toBe(false);
    useIncidentsStore().upsert(critical());
    await nextTick();
    expect(audio.sounds()).toBe(1);
    expect(wrapper.get('[data-testid="alarm-ringing"]').text()).toMatch(
      /CRITICAL — not acknowledged\s*Gate controller compromised, then door forced · North Gate\s*Open it/,
    );
    vi.advanceTimersByTime(REPEAT_MS * 2);
    expect(audio.sounds()).toBe(3);

    // Acknowledged at another console: the push stops it here too.
    useIncidentsStore().upsert(critical({ status: 'acknowledged' }));
    await nextTick();
    vi.advanceTimersByTime(REPEAT_MS * 3);
    expect(audio.sounds()).toBe(3);
    expect(wrapper.find('[data-testid="alarm-ringing"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('stays silent for exercises and for incidents below critical', async () => {
    const audio = fakeAudio();
    const wrapper = render(audio);
    useIncidentsStore().upsert(critical({ id: 'drill', mode: 'exercise' }));
    useIncidentsStore().upsert(critical({ id: 'high', severity: 4 }));
    await nextTick();
    vi.advanceTimersByTime(REPEAT_MS * 2);
    expect(audio.sounds()).toBe(0);
    expect(wrapper.find('[data-testid="alarm-ringing"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('mutes: the sound stops, the banner stays, the choice is shown and remembered', async () => {
    const audio = fakeAudio();
    const wrapper = render(audio);
    useIncidentsStore().upsert(critical());
    await nextTick();
    expect(audio.sounds()).toBe(1);
    const mute = wrapper.get('[data-testid="alarm-mute"]');
    expect(mute.attributes('aria-label')).toBe('Mute alarm');
    expect(mute.text()).toBe('');
    await mute.trigger('click');
    vi.advanceTimersByTime(REPEAT_MS * 3);
    expect(audio.sounds()).toBe(1);
    expect(wrapper.get('[data-testid="alarm-ringing"]').text()).toContain('Sound muted on this console');
    expect(mute.text()).toBe('Alarm muted');
    expect(mute.attributes('aria-label')).toBe('Alarm muted: unmute');
    expect(mute.attributes('aria-pressed')).toBe('true');
    expect(mute.classes()).toContain('mute--muted');
    expect(localStorage.getItem(MUTE_KEY)).toBe('true');
    wrapper.unmount();

    // A reload of the console: still muted.
    pinia = createPinia();
    setActivePinia(pinia);
    const again = fakeAudio();
    const reloaded = render(again);
    useIncidentsStore().upsert(critical());
    await nextTick();
    expect(again.sounds()).toBe(0);
    await reloaded.get('[data-testid="alarm-mute"]').trigger('click');
    expect(again.sounds()).toBe(1);
    expect(localStorage.getItem(MUTE_KEY)).toBe('false');
    reloaded.unmount();
  });

  it('asks for a click while the browser blocks sound, and sounds once the page was clicked', async () => {
    const audio = fakeAudio({ allowed: false });
    const wrapper = render(audio);
    useIncidentsStore().upsert(critical());
    await nextTick();
    await flushPromises();
    expect(audio.sounds()).toBe(0);
    expect(wrapper.get('[data-testid="alarm-blocked"]').text()).toBe(
      'Click anywhere on the page to let the alarm sound',
    );

    audio.opts.allowed = true;
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    await flushPromises();
    expect(audio.sounds()).toBe(1);
    expect(wrapper.find('[data-testid="alarm-blocked"]').exists()).toBe(false);
    vi.advanceTimersByTime(REPEAT_MS);
    expect(audio.sounds()).toBe(2);
    wrapper.unmount();
  });

  it('opens the waiting incident from the banner', async () => {
    const wrapper = render(fakeAudio());
    const incidents = useIncidentsStore();
    incidents.upsert(critical());
    await nextTick();
    await wrapper.get('[data-testid="alarm-open"]').trigger('click');
    expect(incidents.selectedId).toBe('crit');
    wrapper.unmount();
  });
});
