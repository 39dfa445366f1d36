// One letter per sensor kind, drawn in a small marker; the legend spells them out.
// Cyber sensors are square and physical ones round, so the two domains read apart at a glance.
import type { SensorKind } from '@portwatch/schema';

export interface SensorGlyph {
  letter: string;
  label: string;
  shape: 'round' | 'square';
}

export const SENSOR_GLYPHS: Record<SensorKind, SensorGlyph> = {
  access_reader: { letter: 'A', label: 'Access reader', shape: 'round' },
  door: { letter: 'D', label: 'Door contact', shape: 'round' },
  camera: { letter: 'C', label: 'Camera', shape: 'round' },
  fence: { letter: 'F', label: 'Fence sensor', shape: 'round' },
  ais_receiver: { letter: 'V', label: 'AIS receiver (vessels)', shape: 'round' },
  radar: { letter: 'R', label: 'Radar', shape: 'round' },
  drone_detector: { letter: 'U', label: 'Drone detector (UAS)', shape: 'round' },
  ids_tap: { letter: 'N', label: 'IDS tap (network)', shape: 'square' },
};

const UNKNOWN: SensorGlyph = { letter: '?', label: 'Sensor', shape: 'round' };

export function sensorGlyph(kind: string): SensorGlyph {
  return SENSOR_GLYPHS[kind as SensorKind] ?? { ...UNKNOWN, label: kind || UNKNOWN.label };
}
