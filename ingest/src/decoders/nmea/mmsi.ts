// MMSI plausibility after ITU-R M.585: which station kinds an MMSI can denote, and whether
// the Maritime Identification Digits (MID, 201–775) sit where that kind puts them. A
// malformed MMSI on a position report is a classic sign of a misconfigured or spoofed
// transponder, so the decoder reports it.

export type MmsiKind =
  | 'ship'
  | 'group'
  | 'coast'
  | 'sar_aircraft'
  | 'aton'
  | 'auxiliary_craft'
  | 'handheld'
  | 'sart'
  | 'mob'
  | 'epirb'
  | 'autonomous_device';

export type MmsiCheck = { valid: true; kind: MmsiKind; mid: number | null } | { valid: false; reason: string };

const MID_MIN = 201;
const MID_MAX = 775;

function withMid(digits: string, at: number, kind: MmsiKind, shape: string): MmsiCheck {
  const mid = Number(digits.slice(at, at + 3));
  if (mid >= MID_MIN && mid <= MID_MAX) return { valid: true, kind, mid };
  return { valid: false, reason: `MID ${digits.slice(at, at + 3)} outside ${MID_MIN}–${MID_MAX} for a ${shape} MMSI` };
}

/** Classifies a 30-bit AIS user id, given as its zero-padded 9-digit form or a number. */
export function checkMmsi(mmsi: string | number): MmsiCheck {
  const digits = typeof mmsi === 'number' ? String(mmsi).padStart(9, '0') : mmsi;
  if (!isNineDigits(digits)) return { valid: false, reason: `${digits} is not 9 digits` };
  if (digits === '000000000') return { valid: false, reason: 'MMSI 000000000 is not assigned to any station' };
  const d0 = digits[0];
  if (d0 >= '2' && d0 <= '7') return withMid(digits, 0, 'ship', 'ship station');
  if (d0 === '8') return withMid(digits, 1, 'handheld', 'handheld (8MIDxxxxx)');
  if (d0 === '0') {
    return digits[1] === '0'
      ? withMid(digits, 2, 'coast', 'coast station (00MIDxxxx)')
      : withMid(digits, 1, 'group', 'group (0MIDxxxxx)');
  }
  if (d0 === '1') {
    return digits.startsWith('111')
      ? withMid(digits, 3, 'sar_aircraft', 'SAR aircraft (111MIDxxx)')
      : { valid: false, reason: `prefix 1 is only used as 111MIDxxx (SAR aircraft)` };
  }
  // 9xx: devices and aids whose MMSI embeds a manufacturer or a MID.
  const prefix = digits.slice(0, 3);
  if (prefix === '970') return { valid: true, kind: 'sart', mid: null };
  if (prefix === '972') return { valid: true, kind: 'mob', mid: null };
  if (prefix === '974') return { valid: true, kind: 'epirb', mid: null };
  if (prefix === '979') return { valid: true, kind: 'autonomous_device', mid: null };
  if (digits[1] === '8')
    return withMid(digits, 2, 'auxiliary_craft', 'craft associated with a parent ship (98MIDxxxx)');
  if (digits[1] === '9') return withMid(digits, 2, 'aton', 'aid to navigation (99MIDxxxx)');
  return { valid: false, reason: `prefix ${prefix} is not an allocated MMSI range` };
}

function isNineDigits(text: string): boolean {
  if (text.length !== 9) return false;
  for (let i = 0; i < 9; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
