import {
  executeAction,
  type ActionContext,
  type ExecutionResult,
  type ExecutorDeps,
} from './action.executors.ts';
import type { ActionJob, ActionQueue } from './automation.engine.ts';
import type { InboxRepository } from './inbox.repository.ts';
import { decideRetry, type RetryOptions } from './retry.policy.ts';
import type { RuleRepository } from './rule.repository.ts';
import type { RunRepository } from './run.repository.ts';
import { withAutomationCause } from './workflow.hooks.ts';

/** Retry tunables plus the failure streak after which a rule is switched off. */
export interface RunnerOptions extends RetryOptions {
  disableAfterFailures: number;
}

/** The `automation_action` job: one attempt of one action, then done, a delayed retry, or dead. */
export class ActionRunner {
  constructor(
    private readonly runs: RunRepository,
    private readonly rules: RuleRepository,
    private readonly inbox: InboxRepository,
    private readonly queue: ActionQueue,
    private readonly executors: ExecutorDeps,
    private readonly options: RunnerOptions,
  ) {}

  /** Runs the attempt the job names, unless another worker already took it or it is finished. */
  async run(job: ActionJob, meta: { retryCount: number }): Promise<void> {
    const { tenantId, runId, index, attempt } = job;
    const state = await this.runs.claim(tenantId, runId, index, attempt, meta.retryCount > 0);
    if (!state) return;
    const run = await this.runs.getRun(tenantId, runId);
    const rule = await this.rules.get(tenantId, state.rule_id);
    if (!run) return;
    const ctx: ActionContext = {
      tenantId,
      runId,
      index,
      key: state.idempotency_key,
      ruleId: state.rule_id,
      ruleName: rule?.name ?? 'deleted rule',
      event: run.event as ActionContext['event'],
    };
    const startedAt = new Date();
    let outcome: ExecutionResult;
    try {
      outcome = await withAutomationCause(runId, () => executeAction(this.executors, state.action, ctx));
    } catch (error) {
      outcome = {
        ok: false,
        error: {
          code: 'INTERNAL_ERROR',
          message: (error as Error).message ?? String(error),
          permanent: false,
        },
      };
    }
    await this.runs.logAttempt(tenantId, runId, index, {
      attempt,
      started_at: startedAt,
      duration_ms: Date.now() - startedAt.getTime(),
      ok: outcome.ok,
      response_status: outcome.status ?? null,
      response_body: outcome.responseBody ?? null,
      error: outcome.error ?? null,
    });
    await this.settle(job, state.rule_id, attempt - state.replay_base, outcome);
  }

  private async settle(
    job: ActionJob,
    ruleId: string,
    round: number,
    outcome: ExecutionResult,
  ): Promise<void> {
    const { tenantId, runId, index } = job;
    const decision = decideRetry(round, outcome, this.options);
    switch (decision.action) {
      case 'done':
        await this.runs.settle(tenantId, runId, index, {
          status: 'succeeded',
          result: outcome.result ?? null,
        });
        await this.rules.resetFailures(tenantId, ruleId);
        return;
      case 'retry': {
        const at = new Date(Date.now() + decision.delayMs);
        await this.runs.settle(tenantId, runId, index, {
          status: 'retrying',
          last_error: outcome.error ?? null,
          next_attempt_at: at,
        });
        await this.queue.enqueueLater(tenantId, { ...job, attempt: job.attempt + 1 }, at);
        return;
      }
      case 'dead':
      case 'disable_endpoint': {
        const reason = decision.action === 'dead' ? decision.reason : 'endpoint_gone';
        await this.runs.settle(tenantId, runId, index, {
          status: 'dead',
          last_error: { ...outcome.error, reason },
        });
        await this.countFailure(tenantId, ruleId);
        return;
      }
    }
  }

  /** Switches the rule off after too many dead actions in a row, and tells the tenant why. */
  private async countFailure(tenantId: string, ruleId: string): Promise<void> {
    const streak = await this.rules.recordFailure(tenantId, ruleId);
    if (streak < this.options.disableAfterFailures) return;
    const reason = `disabled after ${streak} consecutive failed actions`;
    const rule = await this.rules.get(tenantId, ruleId);
    if (!rule?.is_active) return;
    // The notice first: whoever sees the rule disabled finds the reason in the inbox (it is once per key).
    await this.inbox.notify(tenantId, {
      source_key: `rule-disabled:${ruleId}:${rule.version}`,
      title: `Rule "${rule.name}" was disabled`,
      message: `${reason}. Check its run history, fix the cause, then enable it again.`,
      rule_id: ruleId,
      run_id: null,
    });
    await this.rules.setActive(tenantId, ruleId, false, reason, null);
  }
}
