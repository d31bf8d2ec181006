import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

import type { ApiClient } from './api.client.ts';
import { jsonResult, toolCall } from './tool.results.ts';

const RuleId = z.uuid().describe('id of a rule (from create_rule or list_rules)');
const Json = z.record(z.string(), z.unknown());

/** Automation rules: the trigger catalog, listing, creating and dry-running rules, their runs. */
export function registerRuleTools(server: McpServer, api: ApiClient): void {
  listTriggers(server, api);
  listRules(server, api);
  createRule(server, api);
  dryRunRule(server, api);
  listRuleRuns(server, api);
}

function listTriggers(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'list_triggers',
    {
      title: 'List rule triggers',
      description:
        'Every trigger a rule can listen to, with the fields its conditions may name, their types and the ' +
        'operators (and value shapes) each allows. Read it before create_rule.',
      annotations: { readOnlyHint: true },
    },
    () => toolCall(async () => jsonResult(await api.json('GET', '/api/automation-triggers'))),
  );
}

function listRules(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'list_rules',
    {
      title: 'List rules',
      description: "The tenant's automation rules, newest first.",
      inputSchema: { limit: z.number().int().min(1).max(500).default(100) },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      toolCall(async () =>
        jsonResult(await api.json('GET', '/api/automation-rules', { query: { ...args } })),
      ),
  );
}

function createRule(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'create_rule',
    {
      title: 'Create a rule',
      description:
        'Creates an automation rule. trigger_conditions: {all:[…]} | {any:[…]} | {not:…} | {field, operator, value} ' +
        'with fields and operators from list_triggers. actions (1–10): {type:"send_notification", message} | ' +
        '{type:"call_webhook", webhook_url} | {type:"export_report", format:"csv"|"xlsx"} | ' +
        '{type:"trigger_workflow", workflow_name} | {type:"update_database", status_label?, tags?, notes?}. ' +
        'The answer has the webhook secret, shown once. An invalid rule is refused naming the bad node.',
      inputSchema: {
        name: z.string().min(1).max(200),
        description: z.string().max(2000).optional(),
        trigger_type: z.string().min(1).max(100).describe('e.g. analysis_completed, or custom:<name>'),
        trigger_settings: Json.optional().describe(
          'scheduled: {cron, timezone}; threshold_exceeded: {metric, threshold}',
        ),
        trigger_conditions: Json.optional(),
        actions: z.array(Json).min(1).max(10),
        is_active: z.boolean().optional(),
      },
    },
    (args) =>
      toolCall(async () => jsonResult(await api.json('POST', '/api/automation-rules', { body: args }))),
  );
}

function dryRunRule(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'dry_run_rule',
    {
      title: 'Dry-run a rule',
      description:
        "Evaluates a rule against a sample event's data (as the trigger's fields: e.g. {file: {size_bytes: 2000}}): " +
        'whether it matches, the trace of each condition, and the actions it would run. Nothing is stored or sent.',
      inputSchema: {
        rule_id: RuleId,
        data: Json,
        causation_depth: z.number().int().min(0).max(100).optional(),
      },
      annotations: { readOnlyHint: true },
    },
    ({ rule_id, ...body }) =>
      toolCall(async () =>
        jsonResult(await api.json('POST', `/api/automation-rules/${rule_id}/test`, { body })),
      ),
  );
}

function listRuleRuns(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'list_rule_runs',
    {
      title: 'List the runs of a rule',
      description:
        'What a rule did, newest first: the event, the trace of its conditions, and each action with every attempt.',
      inputSchema: { rule_id: RuleId, limit: z.number().int().min(1).max(100).default(20) },
      annotations: { readOnlyHint: true },
    },
    ({ rule_id, limit }) =>
      toolCall(async () =>
        jsonResult(await api.json('GET', `/api/automation-rules/${rule_id}/runs`, { query: { limit } })),
      ),
  );
}
