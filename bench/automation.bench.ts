// Pure automation throughput (no database, no HTTP): condition evaluations/s of a 50-leaf rule, and
// events/s through in-memory matching against 1,000 rules of one tenant, with and without traces.
// Rules go through validateRuleInput first, exactly as stored rules would.
//   node --import tsx bench/automation.bench.ts [--seconds 2]
import { parseArgs } from 'node:util';

import {
  conditionsMatch,
  evaluateConditions,
  matchEvent,
  rootCausation,
  validateRuleInput,
  type AutomationEvent,
  type MatchableRule,
} from '../src/automation/index.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2' } } });
const seconds = Number(values.seconds);

/** Runs `op` repeatedly for about `seconds` and returns operations per second. */
function rate(op: () => unknown): number {
  for (let i = 0; i < 1000; i++) op(); // warm-up
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  let count = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) op();
    count += 50;
  }
  return count / ((performance.now() - start) / 1000);
}

function report(name: string, opsPerSecond: number, unit: string): void {
  const rounded = Math.round(opsPerSecond).toLocaleString('en-US');
  console.log(
    `${name.padEnd(58)} ${rounded.padStart(12)} ${unit}  (${(1e6 / opsPerSecond).toFixed(2)} µs each)`,
  );
}

const MATERIALS = [
  'concrete',
  'rebar',
  'brick',
  'gypsum',
  'timber',
  'glass',
  'insulation',
  'steel',
  'tile',
  'paint',
];

const event: AutomationEvent = {
  id: 'e1',
  tenant_id: 't1',
  type: 'analysis_completed',
  occurred_at: new Date().toISOString(),
  causation: rootCausation('e1'),
  data: {
    file: {
      id: 'f1',
      filename: 'Tower-B-L3.dwg',
      size_bytes: 4_200_000,
      format: 'dwg',
      status: 'analyzed',
      tags: ['tower', 'l3'],
    },
    analysis: {
      id: 'a1',
      status: 'completed',
      duration_ms: 812,
      totals: { wall_area_m2: 1840, slab_area_m2: 960 },
    },
    elements: { walls: 212, slabs: 14, openings: 96, fixtures: 41, total: 363 },
    materials: Object.fromEntries(MATERIALS.map((m, i) => [m, { quantity: 10 + i * 7.5, unit: 'm3' }])),
  },
};

/** A 50-leaf rule mixing operators and groups; every leaf is true, so nothing short-circuits. */
function fiftyLeafRule(): unknown {
  const leaves: unknown[] = [];
  for (const [i, m] of MATERIALS.entries()) {
    leaves.push({ field: `materials.${m}.quantity`, operator: 'greater_than', value: 5 + i });
    leaves.push({ field: `materials.${m}.quantity`, operator: 'between', value: [0, 1000] });
    leaves.push({ field: `materials.${m}.unit`, operator: 'in', value: ['m3', 'm2', 't'] });
  }
  for (let i = 0; i < 4; i++) {
    leaves.push({ field: 'file.format', operator: 'equals', value: 'dwg' });
    leaves.push({ field: 'file.filename', operator: 'starts_with', value: 'Tower' });
    leaves.push({ field: 'file.tags', operator: 'contains', value: 'tower' });
    leaves.push({ field: 'elements.walls', operator: 'greater_than_or_equal', value: 100 });
    leaves.push({ any: [{ field: 'analysis.totals.wall_area_m2', operator: 'less_than', value: 5000 }] });
  }
  return { all: leaves };
}

function countLeaves(node: unknown): number {
  const n = node as { all?: unknown[]; any?: unknown[]; not?: unknown };
  if (n.all ?? n.any) return (n.all ?? n.any)!.reduce((s: number, c) => s + countLeaves(c), 0);
  if (n.not !== undefined) return countLeaves(n.not);
  return 1;
}

const big = validateRuleInput({
  name: 'fifty',
  trigger_type: 'analysis_completed',
  trigger_conditions: fiftyLeafRule(),
  actions: [{ type: 'send_notification', message: 'x' }],
});
const leafCount = countLeaves(big.trigger_conditions);
if (!evaluateConditions(big.trigger_conditions, event.data).matched)
  throw new Error('bench rule should match');

/** 1,000 realistic rules of one tenant, all on the event's trigger (the worst case for one event). */
const rules: MatchableRule[] = Array.from({ length: 1000 }, (_, i) => {
  const m = MATERIALS[i % MATERIALS.length]!;
  const rule = validateRuleInput({
    name: `rule ${i}`,
    trigger_type: 'analysis_completed',
    trigger_conditions: {
      all: [
        { field: 'file.format', operator: 'in', value: ['dwg', 'dxf'] },
        { field: `materials.${m}.quantity`, operator: 'greater_than', value: i % 100 },
        {
          any: [
            { field: 'elements.walls', operator: 'greater_than', value: i },
            { not: { field: 'file.tags', operator: 'contains', value: `t${i}` } },
          ],
        },
      ],
    },
    actions: [{ type: 'call_webhook', webhook_url: `https://erp.example.com/hooks/${i}` }],
  });
  return {
    id: `r${i}`,
    trigger_type: rule.trigger_type,
    trigger_conditions: rule.trigger_conditions,
    is_active: true,
  };
});
const matched = matchEvent(rules, event).filter((r) => r.matched).length;

console.log(`automation bench (${seconds} s per line, node ${process.version})`);
report(
  `${leafCount}-leaf rule, evaluateConditions (with trace)`,
  rate(() => evaluateConditions(big.trigger_conditions, event.data)),
  'evals/s',
);
report(
  `${leafCount}-leaf rule, conditionsMatch (no trace)`,
  rate(() => conditionsMatch(big.trigger_conditions, event.data)),
  'evals/s',
);
const withTrace = rate(() => matchEvent(rules, event));
report(`1,000 rules (${matched} match), matchEvent with traces`, withTrace, 'events/s');
report(`  = rule evaluations`, withTrace * rules.length, 'rules/s');
const fast = rate(() => matchEvent(rules, event, { trace: false }));
report(`1,000 rules (${matched} match), matchEvent without traces`, fast, 'events/s');
report(`  = rule evaluations`, fast * rules.length, 'rules/s');
report(
  'validateRuleInput (50-leaf rule, save-time cost)',
  rate(() =>
    validateRuleInput({
      name: 'fifty',
      trigger_type: 'analysis_completed',
      trigger_conditions: fiftyLeafRule(),
      actions: [{ type: 'send_notification', message: 'x' }],
    }),
  ),
  'rules/s',
);
