import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A `construction-ai serve` child process and what it has printed: stdout (JSON logs), stderr (notes). */
export interface ServerProcess {
  child: ChildProcess;
  stdoutLines(): string[];
  stderrText(): string;
}

/** Starts `construction-ai serve` with `env` over this process's environment; resolves once it listens. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['bin/construction-ai.js', 'serve'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve, reject) => {
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('listening on'))
        resolve({ child, stdoutLines: () => stdout.split('\n'), stderrText: () => log });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${log}`)));
  });
}
