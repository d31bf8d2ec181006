import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { buildDeps, type Deps } from './deps.ts';

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
  if (options.listen) await app.listen({ host: config.host, port: config.port });
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await deps.close();
    })());
  return { app, deps, close };
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
