import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';

import {
  FIELD_TYPES,
  OPERATORS,
  VALUE_KINDS,
  RuleNotFoundError,
  triggerCatalog,
  type Automation,
  type RunRecord,
  type StoredRule,
} from '../automation/index.ts';
import { ErrorSchema, IdParams, errorResponses } from './schemas.ts';

const Json = Type.Unknown();
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Timestamp = Nullable(Type.String({ format: 'date-time' }));

/** A rule as the API shows it. */
const RuleSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  description: Nullable(Type.String()),
  trigger_type: Type.String(),
  trigger_settings: Json,
  trigger_conditions: Json,
  actions: Type.Array(Json),
  is_active: Type.Boolean(),
  disabled_reason: Nullable(Type.String()),
  version: Type.Integer(),
  last_triggered_at: Timestamp,
  next_run_at: Timestamp,
  consecutive_failures: Type.Integer(),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

const AttemptSchema = Type.Object({
  attempt: Type.Integer(),
  started_at: Type.String(),
  duration_ms: Type.Integer(),
  ok: Type.Boolean(),
  response_status: Nullable(Type.Integer()),
  response_body: Nullable(Type.String()),
  error: Json,
});
const RunSchema = Type.Object({
  id: Type.String(),
  rule_id: Type.String(),
  event: Json,
  matched: Type.Boolean(),
  trace: Json,
  status: Type.String(),
  causation: Json,
  created_at: Type.String(),
  finished_at: Timestamp,
  duration_ms: Nullable(Type.Integer()),
  actions: Type.Array(
    Type.Object({
      index: Type.Integer(),
      type: Type.String(),
      status: Type.String(),
      attempts: Type.Integer(),
      idempotency_key: Type.String(),
      last_error: Json,
      result: Json,
      next_attempt_at: Timestamp,
      attempt_history: Type.Array(AttemptSchema),
    }),
  ),
});

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function ruleJson(rule: StoredRule) {
  return {
    ...rule,
    last_triggered_at: iso(rule.last_triggered_at),
    next_run_at: iso(rule.next_run_at),
    created_at: rule.created_at.toISOString(),
    updated_at: rule.updated_at.toISOString(),
  };
}

function runJson(run: RunRecord) {
  return {
    ...run,
    created_at: run.created_at.toISOString(),
    finished_at: iso(run.finished_at),
    actions: run.actions.map((a) => ({
      index: a.action_index,
      type: a.type,
      status: a.status,
      attempts: a.attempts,
      idempotency_key: a.idempotency_key,
      last_error: a.last_error,
      result: a.result,
      next_attempt_at: iso(a.next_attempt_at),
      attempt_history: a.attempt_history.map((t) => ({ ...t, started_at: t.started_at.toISOString() })),
    })),
  };
}

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const TriggerCatalogSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      type: Type.String({
        description: 'the trigger_type; custom:<name> stands for every custom event type',
      }),
      description: Type.String(),
      about_file: Type.Boolean({ description: 'events are about one file: file actions apply' }),
      settings: Type.Union([Type.Unknown({ description: 'JSON Schema of trigger_settings' }), Type.Null()]),
      fields: Type.Array(
        Type.Object({
          field: Type.String({ description: '* stands for one plain name segment, e.g. a material' }),
          type: literals(FIELD_TYPES),
          operators: Type.Array(
            Type.Object({
              operator: literals(OPERATORS),
              value: literals(VALUE_KINDS),
            }),
          ),
          aliases: Type.Array(Type.String(), { description: 'accepted names, saved as `field`' }),
        }),
      ),
    }),
  ),
});

const RuleWithSecret = Type.Intersect([RuleSchema, Type.Object({ webhook_secret: Type.String() })]);
const ruleBodyDoc =
  'The seed shape: {name, description, trigger_type, trigger_settings?, trigger_conditions, actions, is_active?}; ' +
  'PUT also needs the `version` read. Invalid rules get 422 INVALID_RULE with `path` naming the node.';
const RunParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  runId: Type.String({ format: 'uuid' }),
});
const ActionParams = Type.Object({
  ...RunParams.properties,
  index: Type.Integer({ minimum: 0, maximum: 9 }),
});
const errors = { ...errorResponses, 409: ErrorSchema, 422: ErrorSchema };

/** Automation rules: CRUD with optimistic locking, enable/disable, history, dry run, replay, secret rotation. */
export const automationRoutes: FastifyPluginCallbackTypebox<{
  automation: Automation;
  /** Largest event `data` (EVENT_MAX_BYTES): bodies far past it are refused before they are read. */
  eventMaxBytes: number;
}> = (app, { automation, eventMaxBytes }, done) => {
  // up to twice the limit the body is parsed, so the 413 can name the size; past that it is not read at all
  const eventBodyLimit = 2 * eventMaxBytes + 1024;
  const rules = automation.rules;
  const tags = ['automation'];
  const catalog = { items: triggerCatalog() };

  app.get(
    '/api/automation-triggers',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary: 'Every trigger a rule can listen to: its fields, their types and the operators each allows',
        description:
          'Built from the tables rules are validated against. Aliases (the seed names such as file_size, ' +
          'filename) are accepted in conditions and saved as the documented field.',
        tags,
        response: { 200: TriggerCatalogSchema, ...errors },
      },
    },
    async (_request, reply) => reply.header('cache-control', 'private, max-age=300').send(catalog),
  );

  app.post(
    '/api/automation-rules',
    {
      config: { access: 'tenant', role: 'owner' },
      schema: {
        summary: 'Create a rule (returns its webhook secret once)',
        description: ruleBodyDoc,
        tags,
        response: { 201: RuleWithSecret, ...errors },
      },
    },
    async (request, reply) => {
      const { rule, webhookSecret } = await rules.create(request.auth.tenantId, request.body);
      return reply.status(201).send({ ...ruleJson(rule), webhook_secret: webhookSecret });
    },
  );
  app.get(
    '/api/automation-rules',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary: "The tenant's rules, newest first",
        tags,
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }),
        response: { 200: Type.Object({ items: Type.Array(RuleSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: (await rules.list(request.auth.tenantId, request.query.limit)).map(ruleJson),
    }),
  );
  app.get(
    '/api/automation-rules/:id',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: { summary: 'One rule', tags, params: IdParams, response: { 200: RuleSchema, ...errors } },
    },
    async (request) => ruleJson(await rules.get(request.auth.tenantId, request.params.id)),
  );
  app.put(
    '/api/automation-rules/:id',
    {
      config: { access: 'tenant', role: 'owner' },
      schema: {
        summary: 'Replace a rule (409 when `version` is stale)',
        description: ruleBodyDoc,
        tags,
        params: IdParams,
        response: { 200: RuleSchema, ...errors },
      },
    },
    async (request) => ruleJson(await rules.replace(request.auth.tenantId, request.params.id, request.body)),
  );
  app.delete(
    '/api/automation-rules/:id',
    {
      config: { access: 'tenant', role: 'owner' },
      schema: { summary: 'Delete a rule', tags, params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      await rules.delete(request.auth.tenantId, request.params.id);
      return reply.status(204).send(null);
    },
  );
  for (const [verb, active] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.post(
      `/api/automation-rules/:id/${verb}`,
      {
        config: { access: 'tenant', role: 'owner' },
        schema: {
          summary: `${verb[0]!.toUpperCase()}${verb.slice(1)} a rule`,
          tags,
          params: IdParams,
          response: { 200: RuleSchema, ...errors },
        },
      },
      async (request) => ruleJson(await rules.setActive(request.auth.tenantId, request.params.id, active)),
    );
  }
  app.post(
    '/api/automation-rules/:id/webhook-secret/rotate',
    {
      config: { access: 'tenant', role: 'owner' },
      schema: {
        summary:
          'Issue a new webhook secret; for 24 h messages are signed with both the new and the previous one',
        tags,
        params: IdParams,
        response: { 200: Type.Object({ webhook_secret: Type.String() }), ...errors },
      },
    },
    async (request) => ({
      webhook_secret: await rules.rotateSecret(request.auth.tenantId, request.params.id),
    }),
  );
  app.get(
    '/api/automation-rules/:id/runs',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary: 'Run history: event, match trace, actions with every attempt',
        tags,
        params: IdParams,
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
          before: Type.Optional(Type.String({ format: 'uuid' })),
        }),
        response: { 200: Type.Object({ items: Type.Array(RunSchema) }), ...errors },
      },
    },
    async (request) => {
      const { limit, before } = request.query;
      const runs = await rules.history(request.auth.tenantId, request.params.id, limit, before);
      return { items: runs.map(runJson) };
    },
  );
  app.post(
    '/api/automation-rules/:id/test',
    {
      config: { access: 'tenant', role: 'estimator' },
      schema: {
        summary: 'Dry run against a sample event: match and trace, nothing stored or sent',
        tags,
        params: IdParams,
        body: Type.Object(
          {
            data: Type.Record(Type.String(), Type.Unknown()),
            causation_depth: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            matched: Type.Boolean(),
            trace: Json,
            blocked: Nullable(Type.String()),
            would_run: Type.Array(Json),
          }),
          ...errors,
        },
      },
    },
    async (request) =>
      rules.dryRun(request.auth.tenantId, request.params.id, request.body.data, request.body.causation_depth),
  );
  app.post(
    '/api/automation-rules/:id/runs/:runId/actions/:index/replay',
    {
      config: { access: 'tenant', role: 'owner' },
      schema: {
        summary: 'Queue a dead action again (409 unless it is dead)',
        tags,
        params: ActionParams,
        response: {
          202: Type.Object({ status: Type.Literal('queued'), attempt: Type.Integer() }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { id, runId, index } = request.params;
      const job = await rules.replay(request.auth.tenantId, id, runId, index);
      return reply.status(202).send({ status: 'queued' as const, attempt: job.attempt });
    },
  );

  app.post(
    '/api/events',
    {
      config: { access: 'tenant', role: 'estimator' },
      bodyLimit: eventBodyLimit,
      schema: {
        summary:
          "Submit the tenant's own event (custom:<name>) for its rules; Idempotency-Key deduplicated for 24 h",
        tags,
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        }),
        description:
          'data: at most EVENT_MAX_BYTES of JSON (413 EVENT_TOO_LARGE). A type no enabled rule listens to ' +
          'counts against EVENT_CUSTOM_TYPES_MAX distinct types per tenant (422 EVENT_TYPE_LIMIT).',
        response: {
          202: Type.Object({ event_id: Type.String(), duplicate: Type.Boolean() }),
          ...errors,
          413: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const { eventId, duplicate } = await automation.submitEvent(
        request.auth.tenantId,
        request.body,
        request.headers['idempotency-key'],
      );
      return reply.status(202).send({ event_id: eventId, duplicate });
    },
  );
  app.post(
    '/api/events/file-uploaded',
    {
      config: { access: 'tenant', role: 'estimator' },
      bodyLimit: eventBodyLimit,
      schema: {
        summary:
          "Seed alias: announce the upload of one of the tenant's files ({file_id}) to its file_uploaded rules",
        tags,
        response: {
          202: Type.Object({ status: Type.Literal('accepted'), event_id: Type.String() }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { eventId } = await automation.announceUpload(request.auth.tenantId, request.body);
      return reply.status(202).send({ status: 'accepted' as const, event_id: eventId });
    },
  );

  app.get(
    '/api/reports/:id',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: { summary: 'Download a report an export_report action stored', tags, params: IdParams },
    },
    async (request, reply) => {
      const report = await automation.inbox.getReport(request.auth.tenantId, request.params.id);
      if (!report) throw new RuleNotFoundError('report');
      const type =
        report.format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      return reply
        .header('content-type', type)
        .header('content-disposition', `attachment; filename="${report.filename}"`)
        .header('cache-control', 'private, max-age=3600')
        .send(report.content);
    },
  );
  done();
};
