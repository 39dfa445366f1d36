import { describe, it, expect } from 'vitest';
import { mqttFilterMatches, isValidMqttFilter } from './topic-match.ts';

describe('MQTT topic filters', () => {
  it('matches + for exactly one level and # for the rest', () => {
    expect(mqttFilterMatches('valencia/access/+', 'valencia/access/AP-CT-01')).toBe(true);
    expect(mqttFilterMatches('valencia/access/+', 'valencia/access/AP-CT-01/extra')).toBe(false);
    expect(mqttFilterMatches('valencia/#', 'valencia/access/AP-CT-01')).toBe(true);
    expect(mqttFilterMatches('valencia/#', 'valencia')).toBe(true);
    expect(mqttFilterMatches('valencia/video', 'valencia/access')).toBe(false);
  });
  it('refuses malformed filters', () => {
    expect(isValidMqttFilter('a/#/b')).toBe(false);
    expect(isValidMqttFilter('a/b+')).toBe(false);
    expect(isValidMqttFilter('a/+/c/#')).toBe(true);
  });
});
