import { describe, expect, it } from 'vitest';
import { encodeEve, type EveEvent } from '../../simulators/src/encoders/eve.ts';
import { communityId } from '../../simulators/src/encoders/community-id.ts';
import { decodeWith } from './decode-with.case.ts';

const base: EveEvent = {
  time: '2025-03-14T02:11:07.532Z',
  kind: 'alert',
  host: 'ids-dc-01',
  srcIp: '10.20.4.17',
  srcPort: 49822,
  destIp: '185.220.101.47',
  destPort: 443,
  proto: 'TCP',
};

describe('eve encoder', () => {
  it('writes Suricata timestamps with microseconds and +0000', () => {
    expect(JSON.parse(encodeEve(base)).timestamp).toBe('2025-03-14T02:11:07.532000+0000');
  });

  it('writes a 64-bit flow_id as a bare number, the same for every record of a flow', () => {
    const line = encodeEve({ ...base, flowId: 9223372036854775807n });
    expect(line).toContain('"flow_id":9223372036854775807,');
    const a = /"flow_id":(\d+)/.exec(encodeEve(base))?.[1];
    const b = /"flow_id":(\d+)/.exec(encodeEve({ ...base, kind: 'flow' }))?.[1];
    expect(a).toBe(b);
  });

  it('computes the Community ID of the spec example', () => {
    expect(communityId('128.232.110.120', 34855, '66.35.250.204', 80, 'TCP')).toBe('1:LQU9qZlK+B5F3KDmev6m5PMibrg=');
    expect(communityId('66.35.250.204', 80, '128.232.110.120', 34855, 'TCP')).toBe('1:LQU9qZlK+B5F3KDmev6m5PMibrg=');
  });

  it('round-trips an alert to ids.alert with the sensor, time and severity', () => {
    const [d] = decodeWith(
      'eve',
      encodeEve({
        ...base,
        signature: 'ET MALWARE Beacon',
        signatureId: 2027865,
        severity: 1,
        category: 'A Network Trojan was detected',
      }),
    );
    expect(d).toMatchObject({
      type: 'ids.alert',
      sensorId: 'ids-dc-01',
      time: '2025-03-14T02:11:07.532Z',
      severity: 4,
      title: 'ET MALWARE Beacon',
    });
    expect(d.correlationKey).toMatch(/^1:/);
  });

  it('round-trips an anomaly, and flow, dns (v2 and v3), http and tls records decode to nothing', () => {
    expect(decodeWith('eve', encodeEve({ ...base, kind: 'anomaly' }))[0]).toMatchObject({
      type: 'ids.anomaly',
      sensorId: 'ids-dc-01',
    });
    const quiet: EveEvent[] = [
      { ...base, kind: 'flow' },
      { ...base, kind: 'dns', rrname: 'c2.example', answers: ['185.220.101.47'] },
      { ...base, kind: 'dns', rrname: 'c2.example' },
      { ...base, kind: 'dns', rrname: 'c2.example', answers: ['185.220.101.47'], dnsVersion: 3 },
      { ...base, kind: 'http', http: { hostname: 'pcs.example', url: '/' } },
      { ...base, kind: 'tls', sni: 'c2.example' },
    ];
    for (const e of quiet) expect(decodeWith('eve', encodeEve(e)), JSON.stringify(e)).toEqual([]);
  });

  it('leaves out ports for ICMP, as Suricata does', () => {
    const record = JSON.parse(encodeEve({ ...base, proto: 'ICMP' }));
    expect(record).not.toHaveProperty('src_port');
    expect(decodeWith('eve', encodeEve({ ...base, proto: 'ICMP' }))[0].ips).toEqual(['10.20.4.17', '185.220.101.47']);
  });
});
