import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI (`npm run build`, done by .ci/setup). */
export const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'bin', 'numresp.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI without blocking this process: the fault tests serve their sites from it. */
export function runCli(args: string[], onStderr?: (stderrSoFar: string) => void): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(stderr);
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
