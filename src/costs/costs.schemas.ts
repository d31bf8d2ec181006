/**
 * TypeBox schemas for the cost domain: request bodies (closed: additionalProperties false), catalog and
 * location rows, and the estimate the API returns. The TypeScript types are derived from these schemas.
 */
import { Type, type Static } from '@sinclair/typebox';

/** Most entries a raw material map may hold. */
export const MAX_MATERIAL_ENTRIES = 500;
/** Largest accepted quantity of one entry (in the catalog unit); keeps every total finite. */
export const MAX_QUANTITY = 1e9;
/** Longest accepted material or location name. */
export const MAX_NAME_LENGTH = 100;

/** Units a catalog material may be measured in (SI, plus `ea` for counted items). */
export const MaterialUnitSchema = Type.Union([
  Type.Literal('m'),
  Type.Literal('m2'),
  Type.Literal('m3'),
  Type.Literal('kg'),
  Type.Literal('t'),
  Type.Literal('l'),
  Type.Literal('ea'),
]);
/** A catalog unit. */
export type MaterialUnit = Static<typeof MaterialUnitSchema>;

const MaterialKey = Type.String({ pattern: '^[a-z][a-z0-9_]{1,62}$' });
const DivisionCode = Type.String({ pattern: '^[0-9]{2}$' });
const CurrencyCode = Type.String({ pattern: '^[A-Z]{3}$' });
const Money = Type.Number({ minimum: 0 });

/** One catalog material (the operator upsert body and the `materials` table row). */
export const CatalogMaterialSchema = Type.Object(
  {
    key: MaterialKey,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    unit: MaterialUnitSchema,
    division: DivisionCode,
    division_name: Type.String({ minLength: 1, maxLength: 200 }),
    material_unit_price: Money,
    installation_unit_cost: Money,
    currency: CurrencyCode,
    waste_pct: Type.Number({ minimum: 0, maximum: 100 }),
    version: Type.Integer({ minimum: 1 }),
    source: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
/** A catalog material row. */
export type CatalogMaterial = Static<typeof CatalogMaterialSchema>;

/** City Cost Index pair: national average = 100. */
export const CostIndexSchema = Type.Object(
  {
    material: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    installation: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
  },
  { additionalProperties: false },
);
/** Material and installation index of one division (or overall) in one location. */
export type CostIndex = Static<typeof CostIndexSchema>;

/** One location with its City Cost Index per CSI division (the `locations` table row). */
export const LocationSchema = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z0-9-]{2,80}$' }),
    name: Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH }),
    region: Type.String({ maxLength: 10 }),
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
    aliases: Type.Array(Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH }), { maxItems: 20 }),
    overall: CostIndexSchema,
    divisions: Type.Record(DivisionCode, CostIndexSchema),
    version: Type.Integer({ minimum: 1 }),
    source: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
/** A location row. */
export type Location = Static<typeof LocationSchema>;

/** `{name: quantity}` in each material's catalog unit; common names allowed (see material-aliases.ts). */
export const MaterialQuantitiesSchema = Type.Record(
  Type.String(),
  Type.Number({ minimum: 0, maximum: MAX_QUANTITY }),
  {
    minProperties: 1,
    maxProperties: MAX_MATERIAL_ENTRIES,
    propertyNames: { minLength: 1, maxLength: MAX_NAME_LENGTH },
  },
);
/** Raw material map of a request. */
export type MaterialQuantities = Static<typeof MaterialQuantitiesSchema>;

const LocationName = Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH });

/**
 * POST /api/cost-estimates body: exactly one of `file_id` or `materials`. The rule is a `oneOf` of
 * `required` lists rather than a union of closed objects, because Fastify's Ajv runs with
 * removeAdditional, which strips keys while trying the first union branch and breaks the second.
 */
export const CreateEstimateBodySchema = Type.Object(
  {
    file_id: Type.Optional(Type.String({ format: 'uuid' })),
    materials: Type.Optional(MaterialQuantitiesSchema),
    location: LocationName,
    currency: Type.Optional(CurrencyCode),
  },
  { additionalProperties: false, oneOf: [{ required: ['file_id'] }, { required: ['materials'] }] },
);
/** Create-estimate request body. */
export type CreateEstimateBody = Static<typeof CreateEstimateBodySchema>;

/** POST /api/cost-estimates/search-similar body. */
export const SearchSimilarBodySchema = Type.Object(
  {
    materials: MaterialQuantitiesSchema,
    location: LocationName,
    limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
  },
  { additionalProperties: false },
);
/** Search-similar request body (limit filled by the schema default). */
export type SearchSimilarBody = Static<typeof SearchSimilarBodySchema>;

/** One priced line; `source_ref` is the takeoff line id or the raw map key it came from. */
export const EstimateLineSchema = Type.Object({
  source_ref: Type.String(),
  material: Type.String(),
  name: Type.String(),
  division: Type.String(),
  division_name: Type.String(),
  unit: Type.String(),
  quantity: Type.Number(),
  waste_pct: Type.Number(),
  quantity_with_waste: Type.Number(),
  material_unit_price: Type.Number(),
  installation_unit_cost: Type.Number(),
  material_factor: Type.Number(),
  installation_factor: Type.Number(),
  adjusted_material_unit_price: Type.Number(),
  adjusted_installation_unit_cost: Type.Number(),
  material_cost: Type.Number(),
  installation_cost: Type.Number(),
  total: Type.Number(),
  catalog_version: Type.Integer(),
});
/** A priced estimate line. */
export type EstimateLine = Static<typeof EstimateLineSchema>;

/** Subtotal of one CSI division. */
export const DivisionSubtotalSchema = Type.Object({
  division: Type.String(),
  division_name: Type.String(),
  material_factor: Type.Number(),
  installation_factor: Type.Number(),
  line_count: Type.Integer(),
  material_cost: Type.Number(),
  installation_cost: Type.Number(),
  total: Type.Number(),
});
/** A division subtotal. */
export type DivisionSubtotal = Static<typeof DivisionSubtotalSchema>;

/** A computed estimate (the body of `cost_estimates.result` and of the API response, minus id/timestamps). */
export const EstimateSchema = Type.Object({
  estimator_version: Type.Integer(),
  currency: Type.String(),
  location: Type.Object({
    key: Type.String(),
    name: Type.String(),
    region: Type.String(),
    country: Type.String(),
    version: Type.Integer(),
  }),
  lines: Type.Array(EstimateLineSchema),
  divisions: Type.Array(DivisionSubtotalSchema),
  quantities: Type.Record(Type.String(), Type.Number()),
  material_cost: Type.Number(),
  installation_cost: Type.Number(),
  direct_cost: Type.Number(),
  overhead_pct: Type.Number(),
  overhead: Type.Number(),
  profit_pct: Type.Number(),
  profit: Type.Number(),
  total: Type.Number(),
});
/** A computed estimate. */
export type Estimate = Static<typeof EstimateSchema>;

/** One search-similar hit (the lead fills `id` from the stored estimate). */
export const SimilarEstimateSchema = Type.Object({
  id: Type.String(),
  score: Type.Number(),
  cosine: Type.Number(),
  location_key: Type.String(),
  same_location: Type.Boolean(),
  shared_materials: Type.Array(Type.String()),
});
/** A search-similar hit. */
export type SimilarEstimate = Static<typeof SimilarEstimateSchema>;
