import { describe, it, expect } from 'vitest';
import { tagView } from './attack-tags.ts';

describe('ATT&CK tags', () => {
  it('links techniques and sub-techniques (Enterprise and ICS) to their pages', () => {
    expect(tagView('attack.t0855')).toMatchObject({
      label: 'T0855',
      href: 'https://attack.mitre.org/techniques/T0855/',
    });
    expect(tagView('attack.t1110.003')).toMatchObject({
      label: 'T1110.003',
      href: 'https://attack.mitre.org/techniques/T1110/003/',
    });
  });

  it('names tactics in words and leaves other tags as they are', () => {
    expect(tagView('attack.lateral_movement')).toEqual({
      tag: 'attack.lateral_movement',
      kind: 'tactic',
      label: 'lateral movement',
    });
    expect(tagView('cve.2017-0144')).toMatchObject({ kind: 'other', label: 'cve.2017-0144' });
  });
});
