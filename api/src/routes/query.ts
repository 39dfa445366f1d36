// Query-string parsing with clear 400s instead of silent defaults on nonsense.
export class BadRequest extends Error {}

export function intParam(value: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new BadRequest(`${name}: expected an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

export function timeParam(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new BadRequest(`${name}: expected an ISO-8601 time, got "${value}"`);
  return new Date(t).toISOString();
}

export function enumParam<T extends string>(
  value: string | undefined,
  name: string,
  allowed: readonly T[],
  fallback: T | undefined,
): T | undefined {
  if (value === undefined || value === '') return fallback;
  if (!allowed.includes(value as T))
    throw new BadRequest(`${name}: expected one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}
