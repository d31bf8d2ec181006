import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { AnalysisNotCompletedError, EstimateNotFoundError, UnknownLocationError } from '../costs/index.ts';
import { executeAction, type ActionContext, type ExecutorDeps } from './action.executors.ts';
import { costWorkflows, type CostPorts } from './workflow.hooks.ts';

/** Cost ports whose estimate calls throw `error`; the workflows under test use nothing else. */
function failingCosts(error: Error): CostPorts {
  const fail = () => Promise.reject(error);
  return { estimates: { create: fail, export: fail }, batch: { processFiles: fail }, recentFileIds: fail };
}

const ctx: ActionContext = {
  tenantId: 't1',
  runId: 'r1',
  index: 0,
  key: 'r1:0',
  ruleId: 'rule1',
  ruleName: 'estimate it',
  event: { id: 'e1', type: 'analysis_completed', occurred_at: '', data: { file: { id: 'f1' } } },
};

void describe('costWorkflows', () => {
  void it('reports a missing estimate as absent and lets other errors through', async () => {
    const missing = costWorkflows(failingCosts(new EstimateNotFoundError()));
    assert.equal(await missing.estimateReport!('t1', 'e1', 'csv'), undefined);
    const pending = costWorkflows(failingCosts(new AnalysisNotCompletedError('f1', 'pending')));
    await assert.rejects(pending.estimateReport!('t1', 'e1', 'csv'), AnalysisNotCompletedError);
  });
});

void describe('trigger_workflow', () => {
  const action = { type: 'trigger_workflow', workflow_name: 'estimate_for_location', location: 'X' } as const;
  const deps = (error: Error) =>
    ({ workflows: costWorkflows(failingCosts(error)) }) as unknown as ExecutorDeps;

  void it('fails permanently with the domain error when the request is at fault', async () => {
    const result = await executeAction(deps(new UnknownLocationError('X', [])), action, ctx);
    assert.equal(result.ok, false);
    assert.deepEqual([result.error?.code, result.error?.permanent], ['UNKNOWN_LOCATION', true]);
  });

  void it('lets infrastructure errors propagate so the job is retried', async () => {
    await assert.rejects(executeAction(deps(new Error('pool closed')), action, ctx), /pool closed/);
  });
});
