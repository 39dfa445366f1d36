import { describe, expect, it } from 'vitest';
import { shortZoneName, zoneLabel, zonePathStyle } from './zone-style.ts';
import { sensorGlyph } from './sensor-glyph.ts';
import { RISK_LOOK } from '../presentation/severity.ts';

const base = { level: null, exercise: false, highlight: null, water: false } as const;

describe('zone look', () => {
  it('colours a zone by its risk level', () => {
    expect(zonePathStyle({ ...base, level: 'severe' }).fillColor).toBe(RISK_LOOK.severe.color);
    expect(zonePathStyle({ ...base, level: 'low' }).fillColor).toBe(RISK_LOOK.low.color);
  });

  it('fills a riskier zone more strongly', () => {
    const low = zonePathStyle({ ...base, level: 'low' }).fillOpacity!;
    const high = zonePathStyle({ ...base, level: 'high' }).fillOpacity!;
    expect(high).toBeGreaterThan(low);
  });

  it('outlines the selected incident zone in white, and dashes exercise risk', () => {
    expect(zonePathStyle({ ...base, level: 'high', highlight: 'primary' })).toMatchObject({
      color: '#ffffff',
      weight: 4,
    });
    expect(zonePathStyle({ ...base, level: 'high', exercise: true }).dashArray).toBeTruthy();
    expect(zonePathStyle({ ...base, level: 'high' }).dashArray).toBeUndefined();
  });

  it('labels a zone with its risk only when it needs attention', () => {
    expect(shortZoneName('Cruise Terminal (Muelle de Levante)')).toBe('Cruise Terminal');
    expect(zoneLabel('North Gate Complex (Acceso Norte)', 'guarded', false)).toBe('North Gate Complex');
    expect(zoneLabel('North Gate Complex (Acceso Norte)', 'severe', true)).toBe(
      'North Gate Complex · SEVERE (EXERCISE)',
    );
  });
});

describe('sensor glyphs', () => {
  it('draws each sensor kind with its own letter and tells cyber from physical', () => {
    expect(sensorGlyph('camera')).toMatchObject({ letter: 'C', shape: 'round' });
    expect(sensorGlyph('ids_tap')).toMatchObject({ letter: 'N', shape: 'square' });
    expect(sensorGlyph('sonar')).toMatchObject({ letter: '?', label: 'sonar' });
  });
});
