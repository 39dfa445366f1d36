import { describe, expect, it } from 'vitest';
import { encodeZeekConn, encodeZeekNotice } from '../../simulators/src/encoders/zeek.ts';
import { decodeWith } from './decode-with.case.ts';

const time = '2025-03-14T02:11:07.532Z';

describe('zeek encoders', () => {
  it('writes ts as epoch seconds by default and ISO-8601 on request', () => {
    expect(JSON.parse(encodeZeekNotice({ time, note: 'Scan::Port_Scan', msg: 'm' })).ts).toBe(1741918267.532);
    expect(JSON.parse(encodeZeekNotice({ time, note: 'Scan::Port_Scan', msg: 'm', timestamps: 'iso8601' })).ts).toBe(
      '2025-03-14T02:11:07.532000Z',
    );
  });

  it('round-trips a port scan notice to net.scan from the scanner, at the given time, from the given worker', () => {
    const [d] = decodeWith(
      'zeek',
      encodeZeekNotice({
        time,
        note: 'Scan::Port_Scan',
        msg: '10.20.9.9 scanned at least 15 unique ports of host 10.20.1.5 in 0m3s',
        src: '10.20.9.9',
        dst: '10.20.1.5',
        peer: 'worker-dc-1',
      }),
    );
    expect(d).toMatchObject({ type: 'net.scan', time, sensorId: 'worker-dc-1', ips: ['10.20.9.9', '10.20.1.5'] });
  });

  it('round-trips SSH password guessing with a connection id to auth.failure keyed by uid, ISO ts', () => {
    const [d] = decodeWith(
      'zeek',
      encodeZeekNotice({
        time,
        note: 'SSH::Password_Guessing',
        msg: 'guessing',
        src: '203.0.113.66',
        uid: 'CHhAvVGS1DHFjwGM9',
        origHost: '203.0.113.66',
        origPort: 51234,
        respHost: '10.20.1.22',
        respPort: 22,
        timestamps: 'iso8601',
      }),
    );
    expect(d).toMatchObject({ type: 'auth.failure', time, correlationKey: 'CHhAvVGS1DHFjwGM9' });
  });

  it('writes conn records with flat dotted keys that decode to nothing', () => {
    const line = encodeZeekConn({
      time,
      uid: 'C1',
      origHost: '10.20.4.17',
      origPort: 49822,
      respHost: '185.220.101.47',
      respPort: 443,
      proto: 'tcp',
      service: 'ssl',
      connState: 'SF',
      history: 'ShADadFf',
    });
    expect(JSON.parse(line)).toMatchObject({
      'id.orig_h': '10.20.4.17',
      conn_state: 'SF',
      community_id: expect.stringMatching(/^1:/),
    });
    expect(decodeWith('zeek', line)).toEqual([]);
  });
});
