import { parseArgs } from 'node:util';
import type { Database } from '../db/index.ts';
import { distinctDatabases } from './analytics.module.ts';
import { SlowQueryService, slowQueryTable } from './slow-query.service.ts';

/** Usage of `construction-ai db …`. */
export const DB_USAGE = `  db slow-queries [--min-mean-ms MS] [--limit N] [--json]
                                the statements with the worst mean time on the control database and every shard
  db slow-queries reset         forget those statistics`;

/**
 * `construction-ai db slow-queries [reset]` over the deployment's databases (named `control`, `shard_0`, …):
 * prints the table the operator API answers, or resets the statistics. Answers the exit code.
 */
export async function runDbCommand(
  argv: string[],
  databases: Array<[name: string, database: Database<unknown>]>,
  write: (text: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      'min-mean-ms': { type: 'string', default: '0' },
      limit: { type: 'string', default: '20' },
    },
  });
  const [action, sub] = positionals;
  if (action !== 'slow-queries' || (sub !== undefined && sub !== 'reset')) {
    write(`Usage:\n${DB_USAGE}\n`);
    return 1;
  }
  const minMeanMs = Number(values['min-mean-ms']);
  const limit = Number(values.limit);
  if (!(minMeanMs >= 0) || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
    write('--min-mean-ms must be a number ≥ 0 and --limit an integer from 1 to 1000\n');
    return 1;
  }
  const service = new SlowQueryService(() => distinctDatabases(databases));
  if (sub === 'reset') {
    const result = await service.reset();
    write(values.json ? `${JSON.stringify(result)}\n` : `reset: ${result.reset.join(', ') || 'none'}\n`);
    return 0;
  }
  const report = await service.report(minMeanMs, limit);
  write(values.json ? `${JSON.stringify(report)}\n` : `${slowQueryTable(report)}\n`);
  return 0;
}
