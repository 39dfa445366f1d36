// Reading one environment variable into a value: every error names the variable.

export class ConfigError extends Error {}

export function flag(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  const v = value.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name}: expected 1 or 0 (true/false), got "${value}"`);
}
