import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createJsonDecoder, validateJsonMapping } from './index.ts';
import { decodeOne, decoderContract, fixture, rejectionOf, testContext } from '../decoder-contract.case.ts';

const load = (name: string) => fixture(import.meta.url, name);
const mapping = JSON.parse(load('smoke-mapping.json')) as Record<string, unknown>;
const decoder = createJsonDecoder({ mapping });

describe('json decoder: mapping a record', () => {
  it('maps paths, constants, a severity table, templates, observables and tags', () => {
    const d = decodeOne(decoder, load('smoke-epoch.json'));
    expect(d).toMatchObject({
      type: 'env.smoke',
      domain: 'physical',
      severity: 4,
      confidence: 90,
      title: 'Smoke alarm in Server room B',
      sensorId: 'SMK-DC1-B-03',
      time: '2025-03-14T02:11:07.532Z',
      location: { lat: 39.4461, lon: -0.3172 },
      sourceRef: 'SD-77-000123',
      tags: ['environment', 'building:DC-1'],
    });
    expect(d.observables).toEqual([{ type: 'asset', value: 'SMK-DC1-B-03' }]);
  });

  it('falls back to the default for a level not in the map; no position is no location', () => {
    expect(decodeOne(decoder, load('smoke-iso-unknown-level.json'))).toMatchObject({
      severity: 1,
      location: null,
      time: '2025-03-14T02:11:07.532Z',
    });
  });

  it('rejects a record whose value does not fit, naming the key and the path', () => {
    expect(rejectionOf(decoder, load('smoke-bad-position.json'))).toBe(
      'lat: $.device.position.lat gave 139.1, expected a latitude -90–90',
    );
    expect(rejectionOf(decoder, '{"ts":"soon","level":"alarm"}')).toBe(
      'time: $.ts gave "soon", expected an ISO-8601 time or an epoch number',
    );
  });

  it('reads flat dotted keys, array indexes and numeric text epochs', () => {
    const d = createJsonDecoder({
      mapping: {
        type: '$.kind',
        domain: 'cyber',
        severity: '$.sev',
        time: { path: '$.t', format: 'epoch_ms' },
        observables: [
          { type: 'ip', path: '$.id.orig_h' },
          { type: 'hostname', path: '$.names' },
        ],
        sensorId: '$.probes.1',
      },
    });
    const draft = decodeOne(
      d,
      '{"kind":"net.beacon","sev":3,"t":"1741918267532","id.orig_h":"10.0.0.9","names":["a.example","b.example"],"probes":["p0","p1"]}',
    );
    expect(draft).toMatchObject({ type: 'net.beacon', severity: 3, time: '2025-03-14T02:11:07.532Z', sensorId: 'p1' });
    expect(draft.observables.map((o) => o.value)).toEqual(['10.0.0.9', 'a.example', 'b.example']);
  });

  it('rejects a type from the record that is not a dotted lower-case type', () => {
    const d = createJsonDecoder({ mapping: { type: '$.kind', domain: 'cyber', severity: 1 } });
    expect(rejectionOf(d, '{"kind":"Smoke!"}')).toBe(
      'type: $.kind gave "Smoke!", expected a dotted lower-case type such as env.smoke',
    );
  });

  it('does not follow paths into prototypes', () => {
    const d = createJsonDecoder({ mapping: { type: 'x.y', domain: 'cyber', severity: 1, title: '{constructor}' } });
    expect(decodeOne(d, '{}').title).toBe('?');
  });

  it('stamps records without a time mapping on arrival', () => {
    const d = createJsonDecoder({ mapping: { type: 'x.y', domain: 'physical', severity: 0 } });
    expect(decodeOne(d, '{"a":1}').time).toBe(testContext.receivedAt.toISOString());
  });
});

describe('json decoder: checking the mapping', () => {
  it('accepts the documented example', () => {
    expect(validateJsonMapping(mapping)).toEqual([]);
  });

  it('names every bad key at once', () => {
    expect(
      validateJsonMapping({
        type: 'Smoke',
        domain: 'both',
        sevrity: 3,
        severity: { path: '$.level', map: { high: 7 } },
        time: { path: 'ts', format: 'epoch' },
        observables: [{ type: 'phone', path: '$.p' }],
        lat: '$.lat',
        title: 'At {}',
      }),
    ).toEqual(
      expect.arrayContaining([
        'mapping.sevrity: unknown key; known keys: time, type, domain, severity, title, confidence, sensorId, lat, lon, observables, tags, correlationKey, sourceRef, assetId',
        'mapping.time.path: expected a path like "$.field.sub", got "ts"',
        'mapping.title: template placeholder {}: empty',
        'mapping.lon: required when mapping.lat is given',
        'mapping.type: "Smoke" is not a dotted lower-case indicator type such as env.smoke',
        'mapping.domain: "both" is not physical or cyber',
        'mapping.severity: 7 is not an OCSF severity, an integer 0–5',
        'mapping.observables[0].type: expected one of ip, hostname, user, badge, mmsi, imo, uas_id, track_id, mac, asset, got "phone"',
      ]),
    );
  });

  it('refuses to create a decoder without a valid mapping, saying why', () => {
    expect(() => createJsonDecoder()).toThrow(/must declare a field mapping/);
    expect(() => createJsonDecoder({ mapping: { type: 'a.b' } })).toThrow(
      /mapping.domain: required[\s\S]*mapping.severity: required/,
    );
  });
});

const samples = readdirSync(new URL('./testdata/', import.meta.url))
  .filter((name) => !name.includes('mapping'))
  .map(load);
// Two smoke alarms of one detector in one instant: the mapping names the controller's event id.
decoderContract(() => createJsonDecoder({ mapping }), {
  samples,
  twins: [load('smoke-epoch.json'), load('smoke-epoch.json').replace('SD-77-000123', 'SD-77-000124')],
});
