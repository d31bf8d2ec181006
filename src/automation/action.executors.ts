import type { Dispatcher } from 'undici';
import { uuidv7 } from 'uuidv7';

import type { DomainEvent } from '../events/index.ts';
import type { AnalysisService, FileService } from '../files/index.ts';
import { AppError } from '../shared/app-error.ts';
import { deliverWebhook } from '../webhooks/index.ts';
import type { InboxRepository } from './inbox.repository.ts';
import { takeoffCsv, takeoffXlsx } from './report.builder.ts';
import type { RuleRepository } from './rule.repository.ts';
import type { Action } from './rule.schema.ts';

/** Everything an action attempt knows about where it comes from. */
export interface ActionContext {
  tenantId: string;
  runId: string;
  index: number;
  /** Stable idempotency key `<run_id>:<index>` (also the webhook id). */
  key: string;
  ruleId: string;
  ruleName: string;
  event: { id: string; type: string; occurred_at: string; data: Record<string, unknown> };
}

/** What one attempt produced; shaped as the retry policy's `AttemptOutcome`. */
export interface ExecutionResult {
  ok: boolean;
  /** The receiver's HTTP status, kept in the attempt history. */
  status?: number | null;
  endpointGone?: boolean;
  retryAfterMs?: number;
  error?: { code: string; message: string; permanent: boolean };
  responseBody?: string;
  /** What the action made (notification id, report id …), linked from the run. */
  result?: unknown;
}

/** Optional workflows provided by other modules (estimates); absent ones fail permanently with a clear message. */
export interface WorkflowHooks {
  estimateForLocation?(tenantId: string, fileId: string, location: string): Promise<unknown>;
  batchReEstimate?(tenantId: string, location: string | undefined): Promise<unknown>;
  estimateReport?(tenantId: string, estimateId: string, format: 'csv' | 'xlsx'): Promise<Buffer | undefined>;
}

/** What the executors use. */
export interface ExecutorDeps {
  inbox: InboxRepository;
  rules: RuleRepository;
  /** Label updates go through the files service, so cached views of the file are invalidated. */
  files: Pick<FileService, 'updateLabels'>;
  analyses: AnalysisService;
  /** Pushes a live event on the tenant's stream (not a trigger). */
  publish(event: DomainEvent): Promise<void>;
  dispatcher: Dispatcher;
  webhookTimeoutMs: number;
  /** Signatures also use the previous secret for this long after a rotation. */
  previousSecretMs: number;
  workflows: WorkflowHooks;
}

/** The option key that carries the causing run through a re-analysis to its `analysis_completed` event. */
export const CAUSE_OPTION = 'automation_run_id';

const permanent = (code: string, message: string): ExecutionResult => ({
  ok: false,
  error: { code, message, permanent: true },
});

/** Runs one attempt of an action. Never throws for action-level failures; infrastructure errors propagate. */
export async function executeAction(
  deps: ExecutorDeps,
  action: Action,
  ctx: ActionContext,
): Promise<ExecutionResult> {
  const fileId = readFileId(ctx.event.data);
  switch (action.type) {
    case 'send_notification': {
      const notification = await deps.inbox.notify(ctx.tenantId, {
        source_key: ctx.key,
        title: action.title ?? ctx.ruleName,
        message: action.message,
        rule_id: ctx.ruleId,
        run_id: ctx.runId,
      });
      await deps.publish({
        type: 'notification.created',
        tenantId: ctx.tenantId,
        id: uuidv7(),
        occurredAt: new Date().toISOString(),
        data: {
          id: notification.id,
          title: notification.title,
          message: notification.message,
          rule_id: ctx.ruleId,
        },
      });
      return { ok: true, result: { notification_id: notification.id } };
    }
    case 'export_report':
      return exportReport(deps, action, ctx, fileId);
    case 'trigger_workflow':
      return triggerWorkflow(deps, action, ctx, fileId);
    case 'update_database': {
      if (fileId === undefined) return permanent('NO_FILE', 'the event is not about a file');
      const updated = await deps.files.updateLabels(ctx.tenantId, fileId, {
        statusLabel: action.status_label,
        tags: action.tags,
        notes: action.notes,
      });
      if (!updated) return permanent('FILE_NOT_FOUND', 'the file no longer exists');
      return { ok: true, result: { file_id: fileId } };
    }
    case 'call_webhook':
      return callWebhook(deps, action.webhook_url, ctx);
  }
}

async function exportReport(
  deps: ExecutorDeps,
  action: Extract<Action, { type: 'export_report' }>,
  ctx: ActionContext,
  fileId: string | undefined,
): Promise<ExecutionResult> {
  const kind = action.report ?? (ctx.event.type === 'cost_estimated' ? 'estimate' : 'takeoff');
  let content: Buffer | undefined;
  if (kind === 'estimate') {
    const estimateId = (ctx.event.data.estimate as { id?: unknown } | undefined)?.id;
    if (typeof estimateId !== 'string') return permanent('NO_ESTIMATE', 'the event carries no estimate');
    if (deps.workflows.estimateReport === undefined)
      return permanent(
        'ESTIMATE_REPORT_UNAVAILABLE',
        'estimate reports are not available in this deployment',
      );
    content = await deps.workflows.estimateReport(ctx.tenantId, estimateId, action.format);
    if (content === undefined) return permanent('ESTIMATE_NOT_FOUND', 'the estimate no longer exists');
  } else {
    if (fileId === undefined) return permanent('NO_FILE', 'the event is not about a file');
    const analysis = await deps.analyses.get(ctx.tenantId, fileId).catch(() => undefined);
    if (analysis?.status !== 'completed')
      return permanent('NO_TAKEOFF', 'the file has no completed analysis');
    const filename = (ctx.event.data.file as { filename?: unknown } | undefined)?.filename;
    const name = typeof filename === 'string' ? filename : fileId;
    content =
      action.format === 'csv'
        ? Buffer.from(takeoffCsv(name, analysis.result))
        : await takeoffXlsx(name, analysis.result);
  }
  const filename = `${kind}-${ctx.runId}.${action.format}`;
  const reportId = await deps.inbox.saveReport(ctx.tenantId, {
    source_key: ctx.key,
    rule_id: ctx.ruleId,
    run_id: ctx.runId,
    file_id: fileId ?? null,
    kind,
    format: action.format,
    filename,
    content,
  });
  return { ok: true, result: { report_id: reportId, url: `/api/reports/${reportId}`, filename } };
}

async function triggerWorkflow(
  deps: ExecutorDeps,
  action: Extract<Action, { type: 'trigger_workflow' }>,
  ctx: ActionContext,
  fileId: string | undefined,
): Promise<ExecutionResult> {
  const hooks = deps.workflows;
  const unavailable = () =>
    permanent(
      'WORKFLOW_UNAVAILABLE',
      `workflow '${action.workflow_name}' is not available in this deployment`,
    );
  try {
    switch (action.workflow_name) {
      case 're_analyze': {
        if (fileId === undefined) return permanent('NO_FILE', 'the event is not about a file');
        const current = await deps.analyses.get(ctx.tenantId, fileId);
        await deps.analyses.refresh(ctx.tenantId, fileId, { ...current.options, [CAUSE_OPTION]: ctx.runId });
        return { ok: true, result: { file_id: fileId } };
      }
      case 'estimate_for_location':
        if (fileId === undefined) return permanent('NO_FILE', 'the event is not about a file');
        if (hooks.estimateForLocation === undefined) return unavailable();
        return {
          ok: true,
          result: await hooks.estimateForLocation(ctx.tenantId, fileId, action.location ?? ''),
        };
      case 'batch_re_estimate':
        if (hooks.batchReEstimate === undefined) return unavailable();
        return { ok: true, result: await hooks.batchReEstimate(ctx.tenantId, action.location) };
    }
  } catch (error) {
    // A domain error (file gone, bad location) will not change on retry; anything else might.
    if (error instanceof AppError && error.isCallerFault) return permanent(error.code, error.message);
    throw error;
  }
}

async function callWebhook(deps: ExecutorDeps, url: string, ctx: ActionContext): Promise<ExecutionResult> {
  const secrets = await deps.rules.getSecrets(ctx.tenantId, ctx.ruleId);
  if (!secrets) return permanent('RULE_DELETED', 'the rule and its webhook secret were deleted');
  if (secrets.disabled_urls.includes(url))
    return permanent(
      'ENDPOINT_DISABLED',
      'the endpoint answered 410 Gone earlier; re-enable the rule to call it again',
    );
  const keys = [secrets.secret];
  const rotatedRecently =
    secrets.rotated_at !== null && Date.now() - secrets.rotated_at.getTime() < deps.previousSecretMs;
  if (secrets.previous_secret !== null && rotatedRecently) keys.push(secrets.previous_secret);
  const result = await deliverWebhook({
    url,
    payload: {
      type: ctx.event.type,
      timestamp: new Date().toISOString(),
      data: { event: ctx.event, rule: { id: ctx.ruleId, name: ctx.ruleName }, run_id: ctx.runId },
    },
    secrets: keys,
    msgId: ctx.key,
    timeoutMs: deps.webhookTimeoutMs,
    dispatcher: deps.dispatcher,
  });
  if (result.endpointGone === true) await deps.rules.disableUrl(ctx.tenantId, ctx.ruleId, url);
  return { ...result, result: { status: result.status, duration_ms: result.durationMs } };
}

function readFileId(data: Record<string, unknown>): string | undefined {
  const id = (data.file as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}
