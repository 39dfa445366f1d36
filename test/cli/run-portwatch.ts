// Runs the real `portwatch` command as a user would, with stdin, and collects what it printed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed line by line (indicators). */
  out: Record<string, any>[];
  /** stderr lines for rejected records. */
  rejects: { line: number; reason: string }[];
  /** stderr lines for records read but not used (no indicator), with the reason. */
  notUsed: { line: number; notUsed: string }[];
}

export function portwatch(args: string[], stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/portwatch.js', ...args], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const json = (text: string) =>
        text
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l));
      const said = json(stderr);
      resolve({
        code,
        stdout,
        stderr,
        out: json(stdout),
        rejects: said.filter((l) => 'reason' in l),
        notUsed: said.filter((l) => 'notUsed' in l),
      });
    });
    child.stdin.end(stdin);
  });
}

export const lines = (...records: string[]) => records.join('\n') + '\n';
