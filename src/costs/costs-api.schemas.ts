/** TypeBox schemas of the cost API's responses and of the requests not covered by costs.schemas.ts. */
import { Type, type Static } from '@sinclair/typebox';
import { CatalogMaterialSchema, EstimateSchema, LocationSchema } from './costs.schemas.ts';

/** GET /api/material-catalog. */
export const CatalogResponseSchema = Type.Object({
  currency: Type.String(),
  items: Type.Array(CatalogMaterialSchema),
});

/** GET /api/material-locations. */
export const LocationsResponseSchema = Type.Object({ items: Type.Array(LocationSchema) });

/** PUT /api/admin/materials/{key} body: a catalog row without key (from the path) and version (assigned). */
export const MaterialUpsertBodySchema = Type.Omit(CatalogMaterialSchema, ['key', 'version'], {
  additionalProperties: false,
});
/** Material upsert body. */
export type MaterialUpsertBody = Static<typeof MaterialUpsertBodySchema>;

/** A stored estimate: its id, file, time and the full computed estimate. */
export const StoredEstimateSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  file_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
  ...EstimateSchema.properties,
});

/** One row of GET /api/cost-estimates. */
export const EstimateSummarySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  file_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  location: Type.String(),
  currency: Type.String(),
  material_cost: Type.Number(),
  installation_cost: Type.Number(),
  total: Type.Number(),
  created_at: Type.String({ format: 'date-time' }),
});

/** GET /api/cost-estimates query. */
export const EstimateListQuerySchema = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ format: 'uuid', description: '`next_cursor` of the previous page' })),
  },
  { additionalProperties: false },
);

/** GET /api/cost-estimates response. */
export const EstimateListSchema = Type.Object({
  items: Type.Array(EstimateSummarySchema),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

/** Export query: `format=xlsx|csv`. */
export const ExportQuerySchema = Type.Object(
  { format: Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], { default: 'xlsx' }) },
  { additionalProperties: false },
);

/** POST /api/cost-estimates/search-similar response. */
export const SimilarResponseSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      estimate_id: Type.String({ format: 'uuid' }),
      score: Type.Number({ description: 'cosine × (1 if same location else 0.9)' }),
      cosine: Type.Number(),
      location: Type.String({ description: 'location key of the estimate' }),
      same_location: Type.Boolean(),
      shared_materials: Type.Array(Type.String()),
      total: Type.Number(),
      currency: Type.String(),
      created_at: Type.String({ format: 'date-time' }),
    }),
  ),
});

/** GET/PUT /api/cost-settings: the tenant's markup in percent. */
export const CostSettingsSchema = Type.Object(
  {
    overhead_pct: Type.Number({ minimum: 0, maximum: 100 }),
    profit_pct: Type.Number({ minimum: 0, maximum: 100 }),
  },
  { additionalProperties: false },
);

/** Most file ids one batch request may name. */
export const MAX_BATCH_FILES = 500;

/** POST /api/batch/process-files body. */
export const BatchBodySchema = Type.Object(
  {
    file_ids: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
      minItems: 1,
      maxItems: MAX_BATCH_FILES,
    }),
    actions: Type.Array(Type.Union([Type.Literal('analyze'), Type.Literal('estimate')]), {
      minItems: 1,
      maxItems: 2,
      default: ['analyze'],
    }),
    location: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

/** POST /api/batch/process-files response. */
export const BatchResponseSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      file_id: Type.String(),
      status: Type.Union([Type.Literal('queued'), Type.Literal('not_found'), Type.Literal('error')]),
      actions: Type.Array(Type.String()),
    }),
  ),
  queued: Type.Integer(),
  not_found: Type.Integer(),
  /** The tenant's work queued by batches today, per action (null while the counters are unavailable). */
  queued_today: Type.Union([Type.Record(Type.String(), Type.Integer()), Type.Null()]),
});
