import { describe, expect, it } from 'vitest';
import { inTimeOrder, namedObservables } from './evidence-summary.ts';
import { makeIndicator } from '../../testing/fixtures.ts';

describe('what an incident’s evidence names', () => {
  // The cloned-badge rule: the same badge granted at two gates minutes apart.
  const north = makeIndicator({
    id: 'b',
    time: '2025-03-14T02:10:00.000Z',
    type: 'access.granted',
    observables: [
      { type: 'badge', value: '0451-7789' },
      { type: 'user', value: 'j.ortega' },
    ],
  });
  const south = makeIndicator({
    id: 'a',
    time: '2025-03-14T02:11:30.000Z',
    type: 'access.granted',
    observables: [{ type: 'badge', value: '0451-7789' }],
  });

  it('puts the badge both grants share first', () => {
    expect(namedObservables([north, south])[0]).toEqual({ type: 'badge', value: '0451-7789', count: 2 });
  });

  it('lists the indicators oldest first', () => {
    expect(inTimeOrder([south, north]).map((i) => i.id)).toEqual(['b', 'a']);
  });
});
