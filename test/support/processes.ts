// Portwatch services as real child processes, so a test can SIGKILL one mid-stream.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './system.ts';

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  output: string[];
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startService(
  env: Record<string, string>,
  port: number,
  timeoutMs = 60_000,
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'portwatch.js'), 'start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), SIMULATE: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (d: Buffer) => {
    for (const line of String(d).split('\n')) if (line) output.push(line);
    if (output.length > 2000) output.splice(0, output.length - 2000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`service exited with ${child.exitCode} before it was ready:\n${output.slice(-20).join('\n')}`);
    if (output.some((l) => l.includes('ready in'))) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service not ready within ${timeoutMs} ms:\n${output.slice(-20).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    port,
    output,
    kill: async (signal: NodeJS.Signals = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
