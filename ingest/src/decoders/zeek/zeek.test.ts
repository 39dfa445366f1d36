import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createZeekDecoder } from './index.ts';
import { decodeOk, decodeOne, decoderContract, fixture, rejectionOf } from '../decoder-contract.case.ts';

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

describe('zeek decoder: other logs', () => {
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
      'not a Zeek log record: no _path, note, uid, fuid or conn_state',
    );
    expect(rejectionOf(decoder, '{"timestamp":"2025-03-14T02:11:07Z","event_type":"alert"}')).toBe(
      'ts: missing (expected an ISO-8601 time or an epoch number)',
    );
  });
});

const samples = readdirSync(new URL('./testdata/', import.meta.url)).map(load);
decoderContract(createZeekDecoder, { samples });
