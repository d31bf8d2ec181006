import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { buildDeps, type Deps } from './deps.ts';
import { AppError } from './shared/app-error.ts';

/** A listening server and how to stop it gracefully. */
export interface RunningServer {
  app: FastifyInstance;
  deps: Deps;
  close(): Promise<void>;
}

/** loadConfig → buildDeps → buildApp → listen; `close` drains requests, stops workers, then databases. */
export async function startServer(
  config: Readonly<Config>,
  options: { runWorkers: boolean; listen: boolean },
): Promise<RunningServer> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const deps = await buildDeps(config, { runWorkers: options.runWorkers, log });
  const app = await buildApp(deps);
  if (options.listen) {
    await app.listen({ host: config.host, port: config.port }).catch(async (error: unknown) => {
      // what started (the embedded database too) is stopped before the process exits with the cause
      await app.close();
      await deps.close();
      throw listenError(error, config);
    });
  }
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await deps.close();
    })());
  return { app, deps, close };
}

/** The one-line cause (and fix) of a failed listen: a port in use or not allowed is the usual one. */
function listenError(error: unknown, config: Readonly<Config>): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${config.host}:${config.port}`;
  if (code === 'EADDRINUSE')
    return new ServerStartError(
      `cannot listen on ${where}: the port is in use; stop the other server or set PORT`,
    );
  if (code === 'EACCES')
    return new ServerStartError(`cannot listen on ${where}: not allowed for this user; set PORT above 1023`);
  if (code === 'EADDRNOTAVAIL')
    return new ServerStartError(`cannot listen on ${where}: no such local address; set HOST`);
  return error instanceof Error ? error : new Error(String(error));
}

/** The server could not start; the message names the cause and the fix. */
export class ServerStartError extends AppError {
  constructor(message: string) {
    super('SERVER_START_FAILED', 500, message);
  }
}

/** Closes `server` on SIGINT/SIGTERM; a second signal forces the exit. */
export function closeOnSignals(close: () => Promise<void>): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) process.exit(1);
    signalled = true;
    process.stderr.write(`${signal}: shutting down\n`);
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
