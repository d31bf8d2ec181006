import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

/** The statements sent while one measured call ran (its async context only, not other requests'). */
const scope = new AsyncLocalStorage<string[]>();
let installed = false;

type Query = (this: pg.Client, ...args: unknown[]) => unknown;

/**
 * Wraps `pg.Client.prototype.query` once per test process: every statement any pool, transaction or the job
 * queue sends through node-postgres passes there (BEGIN and COMMIT included). A statement counts for the
 * measured call when it is sent from that call's async context, so background timers and other requests
 * running meanwhile are not counted.
 */
function install(): void {
  if (installed) return;
  installed = true;
  const prototype = pg.Client.prototype as unknown as { query: Query };
  const original = prototype.query;
  prototype.query = function (this: pg.Client, ...args: unknown[]) {
    scope.getStore()?.push(statementText(args[0]));
    return original.apply(this, args);
  };
}

function statementText(config: unknown): string {
  if (typeof config === 'string') return config;
  const text = (config as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : String(config);
}

/** Runs `call` and answers what it returned and the SQL statements it sent to PostgreSQL, in order. */
export async function statementsDuring<T>(
  call: () => Promise<T>,
): Promise<{ result: T; statements: string[] }> {
  install();
  const statements: string[] = [];
  // awaited inside the scope: `app.inject` answers a lazy chain that only starts when it is awaited
  const result = await scope.run(statements, async () => await call());
  return { result, statements };
}
