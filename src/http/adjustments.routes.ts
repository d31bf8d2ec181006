import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import {
  MEASUREMENT_ITEMS,
  MEASUREMENT_TOOLS,
  type AdjustmentRequest,
  type TakeoffAdjustment,
  type TakeoffAdjustmentService,
} from '../files/index.ts';
import type { Caller } from './auth.plugin.ts';
import { ErrorSchema, errorResponses, IdParams } from './schemas.ts';

const LineId = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'a takeoff line id of the analysis',
});
const Point = Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[x, y] in drawing units' });

const AdjustmentVariants = Type.Union([
  Type.Object(
    { kind: Type.Literal('exclude_line'), line_id: LineId },
    { additionalProperties: false, title: 'Leave a whole line out' },
  ),
  Type.Object(
    {
      kind: Type.Literal('exclude_entities'),
      line_id: LineId,
      handles: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 500 }),
    },
    { additionalProperties: false, title: "Leave some of a line's source entities out (quantity scaled)" },
  ),
  Type.Object(
    {
      kind: Type.Literal('measurement'),
      tool: Type.Union(MEASUREMENT_TOOLS.map((t) => Type.Literal(t))),
      item: Type.Union(
        MEASUREMENT_ITEMS.map((i) => Type.Literal(i.item)),
        {
          description: 'the takeoff item the measurement adds to (it is priced like the machine lines)',
        },
      ),
      label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      points: Type.Array(Point, { minItems: 1, maxItems: 2000 }),
      metres_per_unit: Type.Number({
        minimum: 1e-9,
        maximum: 1e6,
        description: "metres per drawing unit: the drawing's own, or a calibration from a known distance",
      }),
    },
    { additionalProperties: false, title: 'A manual measurement (line, polyline, area or count)' },
  ),
]);

/**
 * The body, one variant per `kind`: a discriminated `oneOf`, so a bad body is reported against the variant its
 * `kind` names (e.g. "body must have required property 'points'"), not against every variant.
 */
const AdjustmentBody = Type.Unsafe<Static<typeof AdjustmentVariants>>({
  type: 'object',
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
  oneOf: AdjustmentVariants.anyOf,
});

const AdjustmentSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Union([
    Type.Literal('exclude_line'),
    Type.Literal('exclude_entities'),
    Type.Literal('measurement'),
  ]),
  line_id: Type.Union([Type.String(), Type.Null()]),
  handles: Type.Array(Type.String()),
  tool: Type.Union([...MEASUREMENT_TOOLS.map((t) => Type.Literal(t)), Type.Null()]),
  item: Type.Union([Type.String(), Type.Null()]),
  label: Type.Union([Type.String(), Type.Null()]),
  points: Type.Array(Point),
  metres_per_unit: Type.Union([Type.Number(), Type.Null()]),
  quantity: Type.Union([Type.Number(), Type.Null()]),
  unit: Type.Union([Type.String(), Type.Null()]),
  created_by: Type.String({ description: '`user:<email>` or `key:<api key id>`' }),
  created_at: Type.String({ format: 'date-time' }),
});

const AdjustmentListSchema = Type.Object({
  items: Type.Array(AdjustmentSchema),
  measurement_items: Type.Array(
    Type.Object({
      item: Type.Union(MEASUREMENT_ITEMS.map((i) => Type.Literal(i.item))),
      unit: Type.Union([Type.Literal('m'), Type.Literal('m2'), Type.Literal('ea')]),
    }),
    { description: 'what a manual measurement may add to, with the unit it is measured in' },
  ),
});

const AdjustmentParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  adjustmentId: Type.String({ format: 'uuid' }),
});

/** The JSON of one adjustment. */
function adjustmentJson(a: TakeoffAdjustment): Static<typeof AdjustmentSchema> {
  const measurement = a.kind === 'measurement' ? a : undefined;
  return {
    id: a.id,
    kind: a.kind,
    line_id: a.kind === 'measurement' ? null : a.lineId,
    handles: a.kind === 'exclude_entities' ? a.handles : [],
    tool: measurement?.tool ?? null,
    item: measurement?.item ?? null,
    label: measurement?.label ?? null,
    points: measurement?.points ?? [],
    metres_per_unit: measurement?.metresPerUnit ?? null,
    quantity: measurement?.quantity ?? null,
    unit: measurement?.unit ?? null,
    created_by: a.createdBy,
    created_at: a.createdAt.toISOString(),
  };
}

/** The request body as the service takes it. */
function adjustmentRequest(body: Static<typeof AdjustmentBody>): AdjustmentRequest {
  if (body.kind === 'exclude_line') return { kind: 'exclude_line', lineId: body.line_id };
  if (body.kind === 'exclude_entities') {
    return { kind: 'exclude_entities', lineId: body.line_id, handles: body.handles };
  }
  return {
    kind: 'measurement',
    tool: body.tool,
    item: body.item,
    label: body.label,
    points: body.points.map(([x, y]) => [x!, y!]),
    metresPerUnit: body.metres_per_unit,
  };
}

/** Who made an adjustment, as it is recorded. */
function author(caller: Caller): string {
  return caller.kind === 'user' ? `user:${caller.session.email}` : `key:${caller.keyId}`;
}

/**
 * People's corrections of a file's machine takeoff, kept beside it: estimates of the file price the machine
 * lines with these applied (excluded lines out, manual measurements in).
 */
export const adjustmentRoutes: FastifyPluginAsyncTypebox<{ adjustments: TakeoffAdjustmentService }> = async (
  app,
  { adjustments },
) => {
  app.get(
    '/api/files/:id/takeoff-adjustments',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary: "The file's takeoff adjustments (oldest first) and what manual measurements may add to",
        tags: ['analysis'],
        params: IdParams,
        response: { 200: AdjustmentListSchema, ...errorResponses },
      },
    },
    async (request) => ({
      items: (await adjustments.list(request.auth.tenantId, request.params.id)).map(adjustmentJson),
      measurement_items: MEASUREMENT_ITEMS.map((i) => ({ ...i })),
    }),
  );
  app.post(
    '/api/files/:id/takeoff-adjustments',
    {
      config: { access: 'tenant', role: 'estimator' },
      schema: {
        summary: 'Correct the takeoff: exclude a line or entities, or add a manual measurement',
        tags: ['analysis'],
        params: IdParams,
        body: AdjustmentBody,
        response: { 201: AdjustmentSchema, 409: ErrorSchema, 422: ErrorSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await adjustments.create(
        request.auth.tenantId,
        request.params.id,
        adjustmentRequest(request.body),
        author(request.auth),
      );
      return reply.status(201).send(adjustmentJson(created));
    },
  );
  app.delete(
    '/api/files/:id/takeoff-adjustments/:adjustmentId',
    {
      config: { access: 'tenant', role: 'estimator' },
      schema: {
        summary: 'Undo one takeoff adjustment',
        tags: ['analysis'],
        params: AdjustmentParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await adjustments.delete(request.auth.tenantId, request.params.id, request.params.adjustmentId);
      return reply.status(204).send(null);
    },
  );
};
