import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One row of the reliability table: a scenario, what it ran under and what happened. */
export interface ScenarioResult {
  scenario: string;
  /** The load, e.g. "8 clients, 40 req/s, 2,000 requests". */
  load: string;
  fault: string;
  failed: number;
  slow: number;
  /** The bound a request counted as slow above (ms). */
  slowBoundMs: number;
  lost: number;
  /** From the end of the fault until serving again (ms); null when the scenario has no recovery. */
  recoveryMs: number | null;
  notes?: string;
}

/** Where scenarios write their rows (`npm run reliability` reads them). */
export const RELIABILITY_DIR =
  process.env.RELIABILITY_DIR ?? join('test-artifacts', 'reliability', 'scenarios');

/** Writes the scenario's row as JSON under `RELIABILITY_DIR`. */
export function recordScenario(result: ScenarioResult): void {
  mkdirSync(RELIABILITY_DIR, { recursive: true });
  const file = result.scenario.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  writeFileSync(join(RELIABILITY_DIR, `${file}.json`), JSON.stringify(result, null, 2));
  process.stderr.write(`reliability: ${JSON.stringify(result)}\n`);
}
