// Human names for the coded AIS fields an operator reads in titles (ITU-R M.1371 tables).

const NAV_STATUS = [
  'under way using engine',
  'at anchor',
  'not under command',
  'restricted manoeuvrability',
  'constrained by her draught',
  'moored',
  'aground',
  'engaged in fishing',
  'under way sailing',
];

/** Null for the reserved and "not defined" codes, which say nothing to an operator. */
export function navStatusName(status: number | null): string | null {
  if (status === null) return null;
  if (status === 14) return 'AIS-SART / MOB / EPIRB active';
  return NAV_STATUS[status] ?? null;
}

const SPECIAL_TYPES: Record<number, string> = {
  30: 'fishing',
  31: 'towing',
  32: 'towing (large)',
  33: 'dredging or underwater ops',
  34: 'diving ops',
  35: 'military ops',
  36: 'sailing',
  37: 'pleasure craft',
  50: 'pilot vessel',
  51: 'search and rescue vessel',
  52: 'tug',
  53: 'port tender',
  54: 'anti-pollution equipment',
  55: 'law enforcement',
  58: 'medical transport',
  59: 'noncombatant ship',
};

const TYPE_DECADES: Record<number, string> = {
  2: 'wing in ground',
  4: 'high-speed craft',
  6: 'passenger',
  7: 'cargo',
  8: 'tanker',
  9: 'other type',
};

/** Ship-and-cargo type (0–99) to a short name; null when not available or reserved. */
export function shipTypeName(type: number | null | undefined): string | null {
  if (type === null || type === undefined || type === 0) return null;
  return SPECIAL_TYPES[type] ?? (type >= 20 && type < 100 ? (TYPE_DECADES[Math.floor(type / 10)] ?? null) : null);
}
