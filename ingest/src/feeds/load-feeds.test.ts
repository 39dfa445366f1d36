import { describe, expect, it } from 'vitest';
import { parseFeeds } from './load-feeds.ts';

const ctx = { knownFormats: ['json', 'onvif'], zoneIds: ['gate-north'] };

describe('feeds.yaml validation', () => {
  it('names the file and the key of a bad json mapping, before any decoder is built', () => {
    const text = `feeds:\n  - id: smoke\n    transport: mqtt\n    topic: site/smoke/+\n    format: json\n    mapping: { type: env.smoke, domain: physical, time: $.ts, title: Smoke }\n`;
    expect(() => parseFeeds(text, 'dashboards/x/feeds.yaml', ctx)).toThrow(
      /dashboards\/x\/feeds\.yaml: feeds\[0\]\.mapping\.severity: required/,
    );
  });

  it('names an unknown fixed zone', () => {
    const text = `feeds:\n  - id: door\n    transport: mqtt\n    topic: site/door\n    format: onvif\n    zone: [fixed]\n    fixedZone: nowhere\n`;
    expect(() => parseFeeds(text, 'feeds.yaml', ctx)).toThrow(/feeds\[0\]\.fixedZone: unknown zone "nowhere"/);
  });
});
