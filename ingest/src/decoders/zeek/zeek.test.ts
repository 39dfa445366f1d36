import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createZeekDecoder } from './index.ts';
import { decodeOk, decodeOne, decoderContract, fixture, notUsedReason, rejectionOf } from '../decoder-contract.case.ts';

const decoder = createZeekDecoder();
const load = (name: string) => fixture(import.meta.url, name);

describe('zeek decoder: notices', () => {
  it('turns a port scan notice with an epoch-float ts into net.scan with the scanner and target', () => {
    const d = decodeOne(decoder, load('notice-port-scan-epoch.json'));
    expect(d).toMatchObject({
      type: 'net.scan',
      domain: 'cyber',
      severity: 3,
      time: '2025-03-14T02:11:07.532Z',
      sensorId: 'worker-dc-1',
      ips: ['10.20.4.17', '10.20.1.5'],
    });
    expect(d.correlationKey).toBeUndefined();
    expect(d.title).toContain('scanned at least 15 unique ports');
  });

  it('turns SSH password guessing with an ISO ts into auth.failure keyed by the connection uid', () => {
    const d = decodeOne(decoder, load('notice-ssh-guessing-iso.json'));
    expect(d).toMatchObject({
      type: 'auth.failure',
      time: '2025-03-14T02:11:07.532Z',
      correlationKey: 'CHhAvVGS1DHFjwGM9',
      ips: ['203.0.113.66', '10.20.1.22'],
    });
  });

  it('reads epoch-millisecond ts and maps other notes to net.notice', () => {
    const d = decodeOne(decoder, load('notice-other-millis.json'));
    expect(d).toMatchObject({ type: 'net.notice', severity: 2, time: '2025-03-14T02:11:07.532Z' });
    expect(d.tags).toEqual(['note:SSL::Invalid_Server_Cert']);
  });

  it('unwraps the Kafka plugin layout {"notice": {...}}', () => {
    expect(decodeOne(decoder, load('notice-kafka-wrapped.json'))).toMatchObject({
      type: 'net.scan',
      sensorId: 'worker-ot-1',
    });
  });

  it('accepts nested id objects some shippers write', () => {
    const nested =
      '{"ts":1741918267.5,"uid":"C1","id":{"orig_h":"10.0.0.1","orig_p":1,"resp_h":"10.0.0.2","resp_p":22},"note":"SSH::Password_Guessing","msg":"m"}';
    expect(decodeOne(decoder, nested).ips).toEqual(['10.0.0.1', '10.0.0.2']);
  });
});

describe('zeek decoder: weird and ssl', () => {
  it('turns a weird on a connection into ids.anomaly with both ends, the worker and the uid', () => {
    const d = decodeOne(decoder, load('weird-conn.json'));
    expect(d).toMatchObject({
      type: 'ids.anomaly',
      domain: 'cyber',
      severity: 2,
      time: '2025-03-14T02:11:07.532Z',
      sensorId: 'worker-dc-1',
      correlationKey: 'CmES5u32sYpV7JYN',
      ips: ['10.20.4.17', '10.20.0.53'],
      title: 'Zeek weird: dns_unmatched_reply',
    });
    expect(d.tags).toEqual(['weird:dns_unmatched_reply']);
  });

  it('reads a weird without a connection (no uid, no addresses) by its _path', () => {
    const d = decodeOne(decoder, load('weird-flowless-path.json'));
    expect(d).toMatchObject({
      type: 'ids.anomaly',
      title: 'Zeek weird: truncated_IP (len=1500 > caplen=1480)',
      sensorId: 'worker-ot-1',
      ips: [],
    });
  });

  it('turns an ssl record whose certificate failed validation into tls.cert_invalid with the server name', () => {
    const d = decodeOne(decoder, load('ssl-self-signed.json'));
    expect(d).toMatchObject({
      type: 'tls.cert_invalid',
      severity: 2,
      correlationKey: 'C4J4Th3PJpwUYZZ6gc',
      ips: ['10.20.4.17', '10.20.1.30'],
      title: 'TLS certificate of gate-ctl.port.example failed validation: self signed certificate',
    });
    expect(d.observables).toContainEqual({ type: 'hostname', value: 'gate-ctl.port.example' });
  });

  it('counts an ssl record with a valid certificate as not used', () => {
    expect(notUsedReason(decoder, load('ssl-ok.json'))).toBe('zeek ssl log: certificate valid');
  });
});

describe('zeek decoder: other logs', () => {
  it('counts conn, dns, http, capture_loss and reporter records as not used, naming the log', () => {
    const reasons = Object.fromEntries(
      [
        'conn-epoch.json',
        'conn-iso-path.json',
        'dns-log.json',
        'http-wrapped.json',
        'capture-loss.json',
        'reporter.json',
      ].map((name) => [name, notUsedReason(decoder, load(name))]),
    );
    expect(reasons).toEqual({
      'conn-epoch.json': 'zeek conn log: connection summaries make no indicator of their own',
      'conn-iso-path.json': 'zeek conn log: connection summaries make no indicator of their own',
      'dns-log.json': 'zeek dns log: DNS queries and answers make no indicator of their own',
      'http-wrapped.json': 'zeek http log: HTTP requests make no indicator of their own',
      'capture-loss.json': "zeek capture_loss log: the sensor's own packet loss, not an event on the network",
      'reporter.json': "zeek reporter log: Zeek's own warnings and errors, not an event on the network",
    });
  });

  it('names an unknown log by its _path', () => {
    expect(notUsedReason(decoder, '{"_path":"known_hosts","ts":1741918267.5,"host":"10.20.4.17"}')).toBe(
      'zeek known_hosts log: Portwatch makes no indicator from this log',
    );
  });

  it('accepts conn records (epoch and ISO ts, with and without _path) and other logs with no indicator', () => {
    for (const name of ['conn-epoch.json', 'conn-iso-path.json', 'dns-log.json'])
      expect(decodeOk(decoder, load(name)), name).toEqual([]);
  });

  it('rejects an unreadable ts, naming the field', () => {
    expect(rejectionOf(decoder, load('bad-ts.json'))).toBe(
      'ts: expected an ISO-8601 time or an epoch number, got "yesterday"',
    );
  });

  it('rejects records that are not Zeek logs', () => {
    expect(rejectionOf(decoder, '{"ts": 1741918267, "hello": "world"}')).toBe(
      'not a Zeek log record: no _path, and none of the fields of a Zeek log (note, uid, fuid, conn_state, name…)',
    );
    expect(rejectionOf(decoder, '{"timestamp":"2025-03-14T02:11:07Z","event_type":"alert"}')).toBe(
      'ts: missing (expected an ISO-8601 time or an epoch number)',
    );
  });
});

const samples = readdirSync(new URL('./testdata/', import.meta.url)).map(load);
// Two port-scan notices from one scanner in one instant, about two hosts.
decoderContract(createZeekDecoder, {
  samples,
  twins: [
    load('notice-port-scan-epoch.json'),
    load('notice-port-scan-epoch.json').replaceAll('10.20.1.5', '10.20.1.6'),
  ],
});
