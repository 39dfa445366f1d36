// Sigma-style ATT&CK tags as the panel shows them: a technique (`attack.t0855`,
// `attack.t1110.003`) becomes its id and a link to its page on attack.mitre.org; a tactic
// (`attack.lateral_movement`) its name; anything else is shown as it is.
export interface TagView {
  tag: string;
  label: string;
  href?: string;
  kind: 'technique' | 'tactic' | 'other';
}

export function tagView(tag: string): TagView {
  const technique = /^attack\.t(\d{4})(?:\.(\d{3}))?$/i.exec(tag);
  if (technique) {
    const [, id, sub] = technique;
    return {
      tag,
      kind: 'technique',
      label: `T${id}${sub ? '.' + sub : ''}`,
      href: `https://attack.mitre.org/techniques/T${id}/${sub ? sub + '/' : ''}`,
    };
  }
  const tactic = /^attack\.([a-z_-]+)$/i.exec(tag);
  if (tactic) return { tag, kind: 'tactic', label: tactic[1].replace(/[_-]/g, ' ') };
  return { tag, kind: 'other', label: tag };
}
