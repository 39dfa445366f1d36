// What the operator reads about a vessel or drone they point at: name, MMSI or UAS id,
// speed, course, last report (clock time and age) and the anomaly, if any. Built as DOM
// text, never an HTML string: names come from what ships and drones broadcast.
import type { Track } from '../stores/tracks.ts';
import { formatAge } from '../presentation/age.ts';

export interface TrackFact {
  term: string;
  value: string;
}

/** The lines of the details box, in reading order. Pure, for tests. */
export function trackFacts(track: Track, now: number): TrackFact[] {
  const last = new Date(track.lastSeen).toISOString();
  const facts: TrackFact[] = [
    { term: track.kind === 'drone' ? 'UAS id' : 'MMSI', value: track.id },
    { term: 'Speed', value: track.speed ?? 'not reported' },
    { term: 'Course', value: track.course === null ? 'not reported' : `${track.course.toFixed(1)}°` },
    { term: 'Last report', value: `${last.slice(11, 19)} UTC · ${formatAge(last, now)}` },
  ];
  if (track.alert) facts.push({ term: 'Anomaly', value: track.alert.title });
  return facts;
}

export function trackDetails(track: Track, now: number): HTMLElement {
  const box = document.createElement('div');
  box.className = 'pw-track-tip';
  box.dataset.testid = 'track-details';
  const title = box.appendChild(document.createElement('strong'));
  title.textContent = track.mode === 'live' ? track.label : `${track.label} (EXERCISE)`;
  const list = box.appendChild(document.createElement('dl'));
  for (const fact of trackFacts(track, now)) {
    const term = list.appendChild(document.createElement('dt'));
    term.textContent = fact.term;
    const value = list.appendChild(document.createElement('dd'));
    value.textContent = fact.value;
    if (fact.term === 'Anomaly') value.className = 'pw-track-tip__alert';
  }
  return box;
}
