// The value language of the generic JSON mapping (see README.md): where a mapping key takes
// a value, it may be
//   "$.a.b.0"           a path into the record (dots separate keys, numbers index arrays;
//                       a flat key containing dots, like Zeek's "id.orig_h", is found too)
//   "const:$ literally" a constant, spelled out (needed only when it starts with "$")
//   "Smoke in {room}"   a template (only where text is expected): {path} without "$."
//   "env.smoke", 3, true  a constant
//   {path, map?, default?, format?}  a path whose value is translated through `map`
// Specs are compiled once, when the feed starts, into small functions of the record.

export type Getter = (record: unknown) => unknown;

const PATH_SYNTAX = /^\$(\.[^.]+)*$/;

export function isPath(text: string): boolean {
  return text.startsWith('$');
}

/** Checks path syntax; returns an error text or undefined. */
export function pathError(text: string): string | undefined {
  return PATH_SYNTAX.test(text) ? undefined : `expected a path like "$.field.sub", got ${JSON.stringify(text)}`;
}

export function compilePath(text: string): Getter {
  const segments = text === '$' ? [] : text.slice(2).split('.');
  return (record) => walk(record, segments);
}

function walk(root: unknown, segments: string[]): unknown {
  let node = root;
  for (let i = 0; i < segments.length; i++) {
    if (node === null || typeof node !== 'object') return undefined;
    const holder = node as Record<string, unknown>;
    // Own properties only: a path like "$.constructor" must not reach into prototypes.
    if (Object.hasOwn(holder, segments[i])) {
      node = holder[segments[i]];
      continue;
    }
    if (i < segments.length - 1) {
      const flat = segments.slice(i).join('.');
      return Object.hasOwn(holder, flat) ? holder[flat] : undefined;
    }
    return undefined;
  }
  return node;
}

interface TemplatePart {
  literal: string;
  getter?: Getter;
}

/** Renders values found at `{path}` placeholders; a missing value renders as "?". */
export function compileTemplate(text: string): (record: unknown) => string {
  const parts: TemplatePart[] = [];
  let pos = 0;
  while (pos < text.length) {
    const open = text.indexOf('{', pos);
    const close = open === -1 ? -1 : text.indexOf('}', open + 1);
    if (open === -1 || close === -1) {
      parts.push({ literal: text.slice(pos) });
      break;
    }
    const inner = text.slice(open + 1, close).trim();
    parts.push({ literal: text.slice(pos, open), getter: compilePath(inner.startsWith('$') ? inner : `$.${inner}`) });
    pos = close + 1;
  }
  if (parts.every((p) => p.getter === undefined)) return () => text;
  return (record) => {
    let out = '';
    for (const p of parts) {
      out += p.literal;
      if (p.getter !== undefined) out += display(p.getter(record));
    }
    return out;
  };
}

/** Template placeholders that are not valid paths, as error texts. */
export function templateErrors(text: string): string[] {
  const errors: string[] = [];
  for (let open = text.indexOf('{'); open !== -1; open = text.indexOf('{', open + 1)) {
    const close = text.indexOf('}', open + 1);
    if (close === -1) break;
    const inner = text.slice(open + 1, close).trim();
    const error = inner === '' ? 'empty' : pathError(inner.startsWith('$') ? inner : `$.${inner}`);
    if (error !== undefined) errors.push(`template placeholder {${inner}}: ${error}`);
  }
  return errors;
}

function display(value: unknown): string {
  if (value === undefined || value === null) return '?';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
