// `portwatch decode`: the contract of DESIGN.md "Command line", on real-format records.
import { describe, expect, it } from 'vitest';
import { lines, portwatch } from './run-portwatch.ts';

// gpsd's sample type 5 message in two sentences, interleaved with another on channel B.
const AIS_TWO_PART = [
  '!AIVDM,2,1,2,A,542M92h00001@<7;?G0PD4i@R0<tqA8tj37>220o0h:2240Ht500000000000000,0*3C',
  '!AIVDM,2,2,2,A,0000002,2*24',
];
// The AIVDM document's example position report, checksum altered from 5C to 5D.
const AIS_BAD_CHECKSUM = '!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5D';
const AIS_POSITION = '!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5C';

const eve = (timestamp: string, flowId: number) =>
  JSON.stringify({
    timestamp,
    flow_id: flowId,
    event_type: 'alert',
    src_ip: '203.0.113.66',
    src_port: 51234,
    dest_ip: '10.20.3.20',
    dest_port: 502,
    proto: 'TCP',
    host: 'ids-dc-01',
    alert: {
      signature_id: 2100498,
      signature: 'ET SCAN Modbus scan',
      category: 'Attempted Information Leak',
      severity: 1,
    },
  });

const CEF_ESCAPED =
  'CEF:0|Acme\\|Corp|Gate \\\\ Controller|1.0|AC\\|100|Config changed: mode=open|7|msg=Set relay\\=1 on path C:\\\\gate\\\\relay.cfg cs2Label=Note cs2=a = b with spaces and \\= escaped dst=10.20.1.30 dvc=10.20.1.30';
const ZEEK_EPOCH = JSON.stringify({
  ts: 1741918267.532417,
  uid: 'CHhAvVGS1DHFjwGM9',
  'id.orig_h': '10.20.4.17',
  'id.orig_p': 49822,
  'id.resp_h': '185.220.101.47',
  'id.resp_p': 443,
  proto: 'tcp',
  note: 'Scan::Port_Scan',
  msg: '10.20.4.17 scanned at least 15 unique ports of host 185.220.101.47 in 0m2s',
});
const ZEEK_ISO = JSON.stringify({
  _path: 'notice',
  ts: '2025-03-14T02:11:07.532417Z',
  uid: 'CHhAvVGS1DHFjwGM9',
  'id.orig_h': '203.0.113.66',
  'id.orig_p': 51234,
  'id.resp_h': '10.20.1.22',
  'id.resp_p': 22,
  proto: 'tcp',
  note: 'SSH::Password_Guessing',
  msg: '203.0.113.66 appears to be guessing SSH passwords (seen in 30 connections).',
});

describe('portwatch decode', () => {
  it('reassembles a multi-sentence AIS message across lines and rejects a bad checksum, exit 0', async () => {
    const r = await portwatch(
      ['decode', '--format', 'nmea', '--site', 'dashboards/valencia'],
      lines(AIS_BAD_CHECKSUM, ...AIS_TWO_PART, AIS_POSITION),
    );
    expect(r.code).toBe(0);
    expect(r.rejects).toEqual([{ line: 1, reason: 'checksum: expected 5C, got 5D' }]);
    expect(r.out.map((i) => i.type)).toEqual(['ais.static', 'ais.position']);
    expect(r.out[0].observables).toContainEqual({ type: 'mmsi', value: '271010059' });
    expect(r.out[1]).toMatchObject({ siteId: 'valencia', domain: 'physical', source: { format: 'nmea' } });
  });

  it('reads EVE timestamps with and without an offset as the same UTC instant', async () => {
    const r = await portwatch(
      ['decode', '--format', 'eve'],
      lines(
        eve('2025-03-14T02:11:07.532417+0000', 1),
        eve('2025-03-14T03:11:07.532417+0100', 2),
        eve('2025-03-14T02:11:07.532417Z', 3),
        eve('2025-03-14T02:11:07.532417', 4),
      ),
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.out.map((i) => i.time)).toEqual(Array(4).fill('2025-03-14T02:11:07.532Z'));
    expect(r.out[0]).toMatchObject({ type: 'ids.alert', severity: 4, siteId: 'none', zoneId: null });
  });

  it('unescapes | \\ and = in a CEF header and extension', async () => {
    const r = await portwatch(['decode', '--format', 'cef'], lines(CEF_ESCAPED));
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    expect(r.out[0].source).toMatchObject({ vendor: 'Acme|Corp', product: 'Gate \\ Controller' });
    expect(r.out[0].title).toBe('Config changed: mode=open');
    expect(r.out[0].raw.extension.msg).toBe('Set relay=1 on path C:\\gate\\relay.cfg');
    expect(r.out[0].raw.extension.cs2).toBe('a = b with spaces and = escaped');
  });

  it('reads Zeek epoch and ISO timestamps, and finds the zone from the site', async () => {
    const r = await portwatch(
      ['decode', '--format', 'zeek', '--site', 'dashboards/valencia'],
      lines(ZEEK_EPOCH, ZEEK_ISO),
    );
    expect(r.code).toBe(0);
    expect(r.out.map((i) => i.time)).toEqual(['2025-03-14T02:11:07.532Z', '2025-03-14T02:11:07.532Z']);
    expect(r.out[1].zoneId).not.toBeNull();
  });

  it('accounts for every Zeek record: notices and weirds as indicators, other logs as not used with the log named', async () => {
    const conn = JSON.stringify({
      ts: 1741918267.532417,
      uid: 'CHhAvVGS1DHFjwGM9',
      'id.orig_h': '10.20.4.17',
      'id.orig_p': 49822,
      'id.resp_h': '185.220.101.47',
      'id.resp_p': 443,
      proto: 'tcp',
      conn_state: 'SF',
    });
    const captureLoss = JSON.stringify({
      ts: 1741918267.532417,
      ts_delta: 900.000054,
      peer: 'worker-dc-1',
      gap: 2,
      acks: 4310,
      percent_lost: 0.046404,
    });
    const weird = JSON.stringify({
      _path: 'weird',
      ts: '2025-03-14T02:11:07.532417Z',
      name: 'truncated_IP',
      addl: 'len=1500 > caplen=1480',
      notice: false,
      peer: 'worker-ot-1',
      source: 'IP',
    });
    const r = await portwatch(
      ['decode', '--format', 'zeek'],
      lines(ZEEK_EPOCH, conn, captureLoss, weird, '{"hello":1}'),
    );
    expect(r.code).toBe(0);
    expect(r.out.map((i) => i.type)).toEqual(['net.scan', 'ids.anomaly']);
    expect(r.notUsed).toEqual([
      { line: 2, notUsed: 'zeek conn log: connection summaries make no indicator of their own' },
      { line: 3, notUsed: "zeek capture_loss log: the sensor's own packet loss, not an event on the network" },
    ]);
    expect(r.rejects.map((x) => x.line)).toEqual([5]);
  });

  it('numbers the lines of rejected records, blank lines included, and keeps going', async () => {
    const r = await portwatch(
      ['decode', '--format', 'eve'],
      lines('not json', '', eve('2025-03-14T02:11:07Z', 9), '{"timestamp":"yesterday","event_type":"alert"}'),
    );
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    expect(r.rejects.map((x) => x.line)).toEqual([1, 4]);
    for (const x of r.rejects) expect(x.reason).toMatch(/\S/);
  });

  it('exits 0 on empty input', async () => {
    const r = await portwatch(['decode', '--format', 'onvif'], '');
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it.each([
    [['decode'], /--format is required/],
    [['decode', '--format', 'nmae'], /unknown format "nmae" \(known: cef, eve/],
    [['decode', '--format', 'toString'], /unknown format "toString"/],
    [['decode', '--format', 'eve', '--verbose'], /unknown option --verbose/],
    [['decode', '--format'], /--format needs a value/],
    [['decode', '--format', 'json'], /needs a declared field mapping/],
  ])('exits 2 with the usage on %j', async (args, message) => {
    const r = await portwatch(args, '');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/usage: portwatch/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
