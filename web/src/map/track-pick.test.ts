import { describe, expect, it } from 'vitest';
import { buildScreenGrid, nearestTrack } from './track-pick.ts';

function grid(points: [number, number][], width = 800, height = 600, cell = 18) {
  const xs = Float32Array.from(points.map((p) => p[0]));
  const ys = Float32Array.from(points.map((p) => p[1]));
  return buildScreenGrid(xs, ys, points.length, width, height, cell);
}

/** The same question answered by looking at every point: what the grid must agree with. */
function bruteForce(points: [number, number][], x: number, y: number, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  points.forEach(([px, py], i) => {
    const d = (px - x) ** 2 + (py - y) ** 2;
    if (d < bestD || (d === bestD && i > best)) [best, bestD] = [i, d];
  });
  return best;
}

describe('picking a track under the pointer', () => {
  it('finds the nearest track within the radius, across cell borders', () => {
    const g = grid([
      [100, 100],
      [107, 100], // in the next cell over, nearer to the pointer
      [300, 300],
    ]);
    expect(nearestTrack(g, 105, 101, 9)).toBe(1);
    expect(nearestTrack(g, 99, 99, 9)).toBe(0);
    expect(nearestTrack(g, 296, 303, 9)).toBe(2);
  });

  it('finds nothing a few pixels beyond the radius, or off the map', () => {
    const g = grid([[100, 100]]);
    expect(nearestTrack(g, 112, 100, 9)).toBe(-1);
    expect(nearestTrack(g, -50, -50, 9)).toBe(-1);
    expect(nearestTrack(grid([]), 10, 10, 9)).toBe(-1);
  });

  it('picks the one painted on top (drawn last) of two at the same spot', () => {
    const g = grid([
      [50, 50],
      [50, 50],
    ]);
    expect(nearestTrack(g, 52, 50, 9)).toBe(1);
  });

  it('ignores tracks beyond the edges of the view (not drawn), without failing on them', () => {
    const g = grid([
      [-30, 10],
      [900, 10],
      [10, 10],
    ]);
    expect(nearestTrack(g, -28, 10, 9)).toBe(-1);
    expect(nearestTrack(g, 898, 10, 9)).toBe(-1);
    expect(nearestTrack(g, 12, 10, 9)).toBe(2);
  });

  it('agrees with looking at every track, for 20,000 tracks crowded on a screen', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 1;
    const points: [number, number][] = Array.from({ length: 20_000 }, () => [rand() * 800, rand() * 600]);
    const g = grid(points);
    for (let probe = 0; probe < 500; probe++) {
      const x = rand() * 800;
      const y = rand() * 600;
      expect(nearestTrack(g, x, y, 9)).toBe(bruteForce(points, x, y, 9));
    }
  });
});
