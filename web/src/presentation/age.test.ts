import { describe, expect, it } from 'vitest';
import { formatAge } from './age.ts';

const now = Date.parse('2025-03-14T02:30:00Z');
const ago = (s: number) => new Date(now - s * 1000).toISOString();

describe('formatAge', () => {
  it('reads like an operator would say it', () => {
    expect(formatAge(ago(3), now)).toBe('just now');
    expect(formatAge(ago(42), now)).toBe('42 s ago');
    expect(formatAge(ago(3 * 60 + 20), now)).toBe('3 min ago');
    expect(formatAge(ago(2 * 3600), now)).toBe('2 h ago');
    expect(formatAge(ago(2 * 3600 + 5 * 60), now)).toBe('2 h 5 min ago');
    expect(formatAge(ago(3 * 86400), now)).toBe('3 d ago');
  });
  it('never shows a future age when the server clock is ahead', () => {
    expect(formatAge(ago(-5), now)).toBe('just now');
  });
});
