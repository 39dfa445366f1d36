import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEveDecoder } from './index.ts';
import { decodeOk, decodeOne, decoderContract, fixture, notUsedReason, rejectionOf } from '../decoder-contract.case.ts';

const decoder = createEveDecoder();
const load = (name: string) => fixture(import.meta.url, name);

describe('eve decoder: alerts', () => {
  it('turns a severity-1 alert into a high ids.alert with both addresses, the sensor and the community id', () => {
    const d = decodeOne(decoder, load('alert-offset-0000.json'));
    expect(d).toMatchObject({
      type: 'ids.alert',
      domain: 'cyber',
      severity: 4,
      confidence: 90,
      title: 'ET MALWARE Cobalt Strike Beacon Observed',
      time: '2025-03-14T02:11:07.532Z',
      sensorId: 'ids-dc-01',
      correlationKey: '1:LQU9qZlK+B5F3KDmev6m5PMibrg=',
      ips: ['10.20.4.17', '185.220.101.47'],
      sourceRef: '1718287453964531|2025-03-14T02:11:07.532417+0000|2027865',
    });
    expect(d.observables).toEqual([
      { type: 'ip', value: '10.20.4.17' },
      { type: 'ip', value: '185.220.101.47' },
      { type: 'hostname', value: 'cdn-update.example.net' },
    ]);
    expect(d.tags).toEqual(['iface:ens1f0', 'A Network Trojan was detected']);
    expect(d.raw).not.toHaveProperty('payload');
  });

  it('keeps all digits of a 64-bit flow_id that JSON numbers cannot hold', () => {
    const d = decodeOne(decoder, load('alert-big-flow-id.json'));
    expect(d.correlationKey).toBe('9223372036854775807');
    expect(d.sourceRef).toBe('9223372036854775807|2025-03-14T02:11:08.000001+0000|2024218');
    expect(d.tags).toContain('blocked');
  });

  it('reads Z and +01:00 timestamps as well as +0000', () => {
    expect(decodeOne(decoder, load('alert-zulu.json'))).toMatchObject({
      time: '2025-03-14T02:11:07.532Z',
      sensorId: 'ids-gate-02',
      severity: 3,
    });
    expect(decodeOne(decoder, load('alert-plus-0100.json'))).toMatchObject({
      time: '2025-03-14T02:11:07.532Z',
      severity: 2,
    });
  });

  it('maps Suricata severities 1, 2, 3 and beyond to high, medium, low, informational', () => {
    const base = JSON.parse(load('alert-zulu.json'));
    const severityFor = (s: number) =>
      decodeOne(decoder, JSON.stringify({ ...base, alert: { ...base.alert, severity: s } })).severity;
    expect([1, 2, 3, 4, 255].map(severityFor)).toEqual([4, 3, 2, 1, 1]);
  });

  it('takes the HTTP host name an alert carries', () => {
    expect(decodeOne(decoder, load('alert-zulu.json')).observables).toContainEqual({
      type: 'hostname',
      value: 'gate-controller.local',
    });
  });

  it('accepts an ICMP alert without ports', () => {
    expect(decodeOne(decoder, load('alert-icmp-no-ports.json'))).toMatchObject({ severity: 1, correlationKey: '777' });
  });

  it('rejects a non-numeric severity, naming the field', () => {
    expect(rejectionOf(decoder, load('bad-severity.json'))).toBe('alert.severity: expected an integer 1–255, got "x"');
  });

  it('rejects a timestamp that is not ISO-8601', () => {
    expect(rejectionOf(decoder, load('bad-timestamp.json'))).toBe(
      'timestamp: expected an ISO-8601 time, got "14/03/2025 02:11:07"',
    );
  });
});

describe('eve decoder: other record types', () => {
  it('turns an anomaly into ids.anomaly', () => {
    const d = decodeOne(decoder, load('anomaly-decode.json'));
    expect(d).toMatchObject({
      type: 'ids.anomaly',
      severity: 2,
      title: 'Protocol anomaly (decode): decoder.ipv4.trunc_pkt',
    });
    expect(d.correlationKey).toBeUndefined();
  });

  it('accepts flow, http, stats and DNS v2 and v3 records without raising indicators', () => {
    for (const name of [
      'flow.json',
      'http.json',
      'stats.json',
      'dns-v2-answer.json',
      'dns-v2-query-no-version.json',
      'dns-v3.json',
    ]) {
      expect(decodeOk(decoder, load(name)), name).toEqual([]);
    }
  });

  it('counts them as not used, naming the event type', () => {
    expect(notUsedReason(decoder, load('flow.json'))).toBe(
      'eve flow record: flow records make no indicator of their own',
    );
    expect(notUsedReason(decoder, load('dns-v3.json'))).toBe(
      'eve dns record: only alert and anomaly records make indicators',
    );
  });

  it('rejects a DNS record whose layout is neither v2 nor v3', () => {
    expect(
      rejectionOf(decoder, '{"timestamp":"2025-03-14T02:11:07Z","event_type":"dns","dns":{"type":"banana"}}'),
    ).toBe('dns.type: expected "query" or "answer", got "banana"');
    expect(
      rejectionOf(decoder, '{"timestamp":"2025-03-14T02:11:07Z","event_type":"dns","dns":{"version":3,"queries":{}}}'),
    ).toBe('dns.queries: expected an array, got an object');
  });

  it('rejects records that are not EVE', () => {
    expect(rejectionOf(decoder, '{"topic":"tns1:Door/State/DoorAlarm"}')).toBe(
      'event_type: missing (expected a non-empty string)',
    );
    expect(rejectionOf(decoder, '<134>1 2025-03-14T02:11:07Z fw CEF - - - CEF:0|a|b|1|2|n|5|')).toMatch(
      /^not a Suricata EVE record/,
    );
  });
});

const samples = readdirSync(new URL('./testdata/', import.meta.url)).map(load);
// One rule tripped by two pipelined HTTP requests of one flow in the same instant (tx_id 0, 1).
const pipelined = (tx: number) =>
  JSON.stringify({ ...(JSON.parse(load('alert-zulu.json')) as Record<string, unknown>), tx_id: tx });
decoderContract(createEveDecoder, { samples, twins: [pipelined(0), pipelined(1)] });
