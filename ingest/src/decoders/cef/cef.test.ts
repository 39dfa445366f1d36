import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCefDecoder } from './index.ts';
import { decodeOne, decoderContract, fixture, rejectionOf, testContext } from '../decoder-contract.case.ts';

const decoder = createCefDecoder();
const load = (name: string) => fixture(import.meta.url, name);

describe('cef decoder: syslog framing', () => {
  it('reads an RFC 5424 line: syslog time and host, FortiGate deny → fw.deny', () => {
    const d = decodeOne(decoder, load('fortigate-deny-5424.log'));
    expect(d).toMatchObject({
      type: 'fw.deny',
      domain: 'cyber',
      severity: 3,
      time: '2025-03-14T02:11:07.532Z',
      sensorId: 'fw-gate-01',
      vendor: 'Fortinet',
      product: 'FortiGate',
      title: 'Denied by policy',
      ips: ['10.20.9.9', '10.20.1.5'],
    });
    expect(d.observables).toEqual([
      { type: 'ip', value: '10.20.9.9' },
      { type: 'ip', value: '10.20.1.5' },
      { type: 'user', value: 'unknown' },
    ]);
  });

  it('skips structured data with escaped quotes and brackets; rt wins over the syslog time; VPN login', () => {
    const d = decodeOne(decoder, load('vpn-login-5424-sd.log'));
    expect(d).toMatchObject({ type: 'vpn.login', time: '2025-03-14T02:11:07.532Z', sensorId: 'vpn-01', severity: 2 });
    expect(d.observables).toContainEqual({ type: 'user', value: 'j.martinez' });
    expect((d.raw as { extension: Record<string, string> }).extension.msg).toBe('User logged in from 203.0.113.66');
  });

  it('reads an RFC 3164 line with a named severity and a CEF date in rt → auth.failure', () => {
    const d = decodeOne(decoder, load('logon-failure-3164.log'));
    expect(d).toMatchObject({ type: 'auth.failure', severity: 3, time: '2025-03-14T02:11:07.532Z', sensorId: 'dc-01' });
    expect(d.observables).toContainEqual({ type: 'user', value: 'svc\\backup' });
    expect(d.observables).toContainEqual({ type: 'hostname', value: 'WS-CT-PC07' });
  });

  it('reads a file-style 3164 line without PRI, with a space-padded day and a tag; year from arrival', () => {
    const d = decodeOne(decoder, load('bsd-tag-no-pri.log'));
    expect(d).toMatchObject({
      type: 'fw.deny',
      severity: 5,
      time: '2025-03-04T23:59:59.000Z',
      sensorId: 'fw-yard-02',
      vendor: 'Check Point',
    });
    // The identity is the device's record (with the syslog time, since it has no rt of its own).
    expect(d.sourceRef).toBe(
      `2025-03-04T23:59:59.000Z|${load('bsd-tag-no-pri.log').slice(load('bsd-tag-no-pri.log').indexOf('CEF:1'))}`,
    );
  });

  it('reads an RFC 5424 message that starts with a byte-order mark (Microsoft ATA)', () => {
    const d = decodeOne(decoder, load('ata-ldap-bruteforce-bom.log'));
    expect(d).toMatchObject({
      vendor: 'Microsoft',
      product: 'ATA',
      sensorId: 'CENTER',
      time: '2025-03-14T02:11:02.625Z',
      severity: 3,
    });
  });

  it('reads FortiGate\'s documented "CEF: 0" with a space', () => {
    expect(decodeOne(decoder, load('fortigate-av-cef-space.log'))).toMatchObject({
      vendor: 'Fortinet',
      sensorId: 'FGT-A-LOG',
      time: '2024-12-27T11:20:48.000Z',
      severity: 3,
    });
  });

  it('puts a December record received in January in the previous year', () => {
    const line = 'Dec 31 23:59:00 fw CEF:0|V|P|1|1|n|1|src=10.0.0.1';
    const d = decodeOne(decoder, line, { ...testContext, receivedAt: new Date('2026-01-01T00:00:30Z') });
    expect(d.time).toBe('2025-12-31T23:59:00.000Z');
  });

  it('reads an RFC 3339 stamp in a BSD line and a GMT rt', () => {
    expect(decodeOne(decoder, load('rfc3339-in-bsd.log'))).toMatchObject({
      type: 'fw.event',
      severity: 2,
      time: '2025-03-14T02:11:07.000Z',
      sensorId: 'fw-gate-01',
    });
  });
});

describe('cef decoder: escaping', () => {
  it('unescapes \\| and \\\\ in the header and \\=, \\\\, \\n in values; values keep spaces and stray =', () => {
    const d = decodeOne(decoder, load('escaped-pipes-equals-backslashes.log'));
    expect(d).toMatchObject({
      vendor: 'Acme|Corp',
      product: 'Gate \\ Controller',
      title: 'Config changed: mode=open',
      severity: 4,
      sensorId: '10.20.1.30',
    });
    const raw = d.raw as { signatureId: string; extension: Record<string, string> };
    expect(raw.signatureId).toBe('AC|100');
    expect(raw.extension.msg).toBe('Set relay=1 on path C:\\gate\\relay.cfg\nby operator');
    expect(raw.extension.cs2).toBe('a = b with spaces and = escaped');
    expect(raw.extension.dst).toBe('10.20.1.30');
  });

  it('accepts a header without the trailing pipe and uses arrival time when nothing else is given', () => {
    expect(decodeOne(decoder, load('no-trailing-pipe.log'))).toMatchObject({
      type: 'fw.event',
      severity: 2,
      time: testContext.receivedAt.toISOString(),
      sensorId: null,
    });
  });
});

describe('cef decoder: time', () => {
  it("reads Trend Micro's rt with an offset after the zone name (GMT+00:00)", () => {
    const d = decodeOne(decoder, load('apex-central-virus-gmt-offset.log'));
    expect(d.time).toBe('2025-03-14T02:11:07.000Z');
    expect(d.tags).not.toContain('time:fallback-syslog');
  });

  it('keeps a high-severity alert whose rt cannot be read: syslog time, and says so', () => {
    const d = decodeOne(decoder, load('rt-named-zone-fallback.log'));
    expect(d).toMatchObject({ severity: 5, time: '2025-03-14T02:11:07.532Z', sensorId: 'ids-dc-01' });
    expect(d.tags).toContain('time:fallback-syslog');
    expect((d.raw as { extension: Record<string, string> }).extension.rt).toBe('Mar 14 2025 03:11:07 CET');
  });

  it('falls back on the arrival time for a bare line with an unreadable rt, and says so', () => {
    const d = decodeOne(decoder, 'CEF:0|V|P|1|1|n|5|rt=tomorrow');
    expect(d.time).toBe(testContext.receivedAt.toISOString());
    expect(d.tags).toEqual(['time:fallback-receipt']);
  });
});

describe('cef decoder: severity and type', () => {
  it('maps CEF 0–10 to OCSF low, medium, high, critical by the CEF bands', () => {
    const sev = (s: string) => decodeOne(decoder, `CEF:0|V|P|1|1|n|${s}|`).severity;
    expect(['0', '3', '4', '6', '7', '8', '9', '10', 'Low', 'Medium', 'High', 'Very-High', 'Unknown'].map(sev)).toEqual(
      [2, 2, 3, 3, 4, 4, 5, 5, 2, 3, 4, 5, 0],
    );
  });

  it('classifies by content', () => {
    const type = (name: string, ext = '') => decodeOne(decoder, `CEF:0|V|P|1|1|${name}|5|${ext}`).type;
    expect(type('SSL VPN login fail')).toBe('auth.failure');
    expect(type('Admin login', 'outcome=failure')).toBe('auth.failure');
    expect(type('User login', 'cat=vpn outcome=success')).toBe('vpn.login');
    expect(type('Traffic', 'act=drop')).toBe('fw.deny');
    expect(type('Connection blocked')).toBe('fw.deny');
    expect(type('Config saved')).toBe('fw.event');
  });

  it('types real products by meaning: logon failure, LDAP brute force, antivirus, PCS audit', () => {
    expect(decodeOne(decoder, load('logon-failure-3164.log')).type).toBe('auth.failure');
    expect(decodeOne(decoder, load('ata-ldap-bruteforce-bom.log')).type).toBe('auth.failure');
    expect(decodeOne(decoder, load('apex-central-virus-gmt-offset.log')).type).toBe('malware.detected');
    expect(decodeOne(decoder, load('fortigate-av-cef-space.log')).type).toBe('malware.detected');
    expect(decodeOne(decoder, load('pcs-customs-audit-5424.log'))).toMatchObject({
      type: 'audit.event',
      severity: 2,
      time: '2025-03-14T02:11:07.532Z',
    });
    const deepSecurity =
      'CEF:0|Trend Micro|Deep Security Agent|20.0.0|4000000|Suspicious scheduled task|6|dvchost=tos-srv';
    expect(decodeOne(decoder, deepSecurity).type).toBe('malware.detected');
    expect(decodeOne(decoder, load('fortigate-deny-5424.log')).type).toBe('fw.deny');
  });

  it('rejects an unknown severity and a short header, saying which', () => {
    expect(rejectionOf(decoder, load('bad-severity.log'))).toBe(
      'CEF header severity: expected 0–10 or Low/Medium/High/Very-High, got "urgent"',
    );
    expect(rejectionOf(decoder, load('bad-header.log'))).toMatch(
      /^CEF header: expected 7 pipe-separated fields .* found 3: Device Version, Signature ID, Name, Severity missing$/,
    );
    expect(rejectionOf(decoder, 'CEF:0|Acme|Gate|1.0|100|Config changed')).toMatch(/found 6: Severity missing$/);
    expect(rejectionOf(decoder, 'CEF:0|Acme|Gate|')).toMatch(/found 3: Device Version/);
  });

  it('rejects lines that are not CEF', () => {
    expect(rejectionOf(decoder, '<13>1 2025-03-14T02:11:07Z host app - - - hello world')).toBe(
      'not CEF: the syslog message starts with "hello world", expected "CEF:"',
    );
    expect(rejectionOf(decoder, '{"event_type":"alert"}')).toBe('not CEF: no "CEF:" header in the line');
  });
});

const samples = readdirSync(new URL('./testdata/', import.meta.url)).map(load);
// Two ATA brute-force alerts in one instant from two hosts: ATA gives both externalId 2004.
decoderContract(createCefDecoder, {
  samples,
  twins: [
    load('ata-ldap-bruteforce-bom.log'),
    load('ata-ldap-bruteforce-bom.log').replaceAll('WS-CT-PC07', 'WS-CT-PC08'),
  ],
});
