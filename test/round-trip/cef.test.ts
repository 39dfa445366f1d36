import { describe, expect, it } from 'vitest';
import { encodeCefSyslog, type CefEvent } from '../../simulators/src/encoders/cef.ts';
import { decodeWith } from './decode-with.case.ts';

const deny: CefEvent = {
  time: '2025-03-14T02:11:07.532Z',
  host: 'fw-gate-01',
  vendor: 'Fortinet',
  product: 'FortiGate',
  version: '7.2',
  signatureId: 13,
  name: 'Denied by policy',
  severity: 5,
  extension: { src: '10.20.9.9', dst: '10.20.1.5', dpt: 23, act: 'deny', suser: 'unknown' },
};

describe('cef encoder', () => {
  it('writes an RFC 5424 line like the design example', () => {
    expect(encodeCefSyslog(deny)).toBe(
      '<132>1 2025-03-14T02:11:07.532Z fw-gate-01 CEF - - - CEF:0|Fortinet|FortiGate|7.2|13|Denied by policy|5|rt=1741918267532 src=10.20.9.9 dst=10.20.1.5 dpt=23 act=deny suser=unknown',
    );
  });

  it('writes RFC 3164 with a space-padded day, and bare CEF', () => {
    expect(encodeCefSyslog({ ...deny, time: '2025-03-04T02:11:07Z', framing: 'rfc3164' })).toMatch(
      /^<132>Mar {2}4 02:11:07 fw-gate-01 CEF:0\|/,
    );
    expect(encodeCefSyslog({ ...deny, framing: 'bare' })).toMatch(/^CEF:0\|Fortinet\|/);
  });

  it('escapes pipes and backslashes in the header, and = \\ and newlines in values, so they decode back', () => {
    const line = encodeCefSyslog({
      ...deny,
      vendor: 'Acme|Corp',
      name: 'Path C:\\gate',
      extension: { msg: 'relay=1\nnext line', cs1: 'a\\b' },
    });
    expect(line).toContain('CEF:0|Acme\\|Corp|FortiGate|7.2|13|Path C:\\\\gate|5|');
    expect(line).toContain('msg=relay\\=1\\nnext line cs1=a\\\\b');
    const [d] = decodeWith('cef', line);
    expect(d).toMatchObject({ vendor: 'Acme|Corp', title: 'Path C:\\gate' });
    expect((d.raw as { extension: Record<string, string> }).extension).toMatchObject({
      msg: 'relay=1\nnext line',
      cs1: 'a\\b',
    });
  });

  it('round-trips each framing to the intended type, sensor and time', () => {
    for (const framing of ['rfc5424', 'rfc3164', 'bare'] as const) {
      const [d] = decodeWith('cef', encodeCefSyslog({ ...deny, framing }));
      expect(d, framing).toMatchObject({
        type: 'fw.deny',
        time: '2025-03-14T02:11:07.532Z',
        sensorId: framing === 'bare' ? null : 'fw-gate-01',
        severity: 3,
      });
    }
    const [vpn] = decodeWith(
      'cef',
      encodeCefSyslog({
        ...deny,
        host: 'vpn-01',
        signatureId: 39424,
        name: 'SSL VPN login success',
        severity: 3,
        extension: { src: '203.0.113.66', suser: 'j.martinez' },
      }),
    );
    expect(vpn).toMatchObject({ type: 'vpn.login', sensorId: 'vpn-01' });
  });
});
