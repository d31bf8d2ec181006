// Shapes of the API answers the pages read. Most are taken from schema.d.ts, generated from the OpenAPI
// document (`npm run api-types`); those written here are answers the document leaves open (the analysis
// result and the plan geometry are free-form JSON there).
import type { paths } from './schema.d.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The JSON that route `P` answers to `M` with status `S`, as the OpenAPI document declares it. */
export type ApiAnswer<P extends keyof paths, M extends Method, S extends number = 200> = paths[P][M] extends {
  responses: { [status in S]: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

/** The JSON body that route `P` takes for `M`. */
export type ApiBody<P extends keyof paths, M extends Method> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer T } };
}
  ? T
  : never;

/** Roles of a user: owner manages the team, estimator changes data, viewer reads. */
export type Role = 'owner' | 'estimator' | 'viewer';

/** The signed-in user. */
export interface SessionUser {
  id: string;
  email: string;
  role: Role;
  tenantId: string;
}

/** `POST /api/auth/login` and `GET /api/auth/session`. */
export interface Session {
  user: SessionUser;
  csrfToken: string;
}

/** A class a layer can be mapped to, as the API declares `element_class`. */
export type ElementClass = ApiAnswer<'/api/layer-mappings', 'get'>['mappings'][number]['element_class'];

// A record keyed by the API's union: the compiler refuses a class missing here or one the API does not know.
const PICKER: Record<ElementClass, true> = {
  wall: true,
  slab: true,
  footing: true,
  column: true,
  beam: true,
  roof: true,
  door: true,
  window: true,
  stair: true,
  plumbing_fixture: true,
  electrical_fixture: true,
  pipe: true,
  duct: true,
  finish: true,
  furniture: true,
  annotation: true,
  unclassified: true,
};

/** Every element class, in the order the pickers show them (the record's). */
export const ELEMENT_CLASSES = Object.keys(PICKER) as ElementClass[];

/** File lifecycle states. */
export const FILE_STATUSES = ['uploaded', 'processing', 'analyzed', 'failed'] as const;
/** A file lifecycle state. */
export type FileStatus = (typeof FILE_STATUSES)[number];

/** A drawing file. */
export type FileJson = ApiAnswer<'/api/files/{id}', 'get'>;

/** One takeoff line; `handles` lists up to 500 of its `handleCount` source entities. */
export interface TakeoffLine {
  id: string;
  description: string;
  elementClass: string;
  quantity: number;
  unit: string;
  layers: string[];
  blocks: string[];
  handles: string[];
  handleCount: number;
  confidence: number;
  method: string;
}

/** A classified layer or block of the analysis. */
export interface ClassifiedName {
  kind: 'layer' | 'block';
  name: string;
  elementClass: string;
  entities: number;
}

/** `GET /api/files/{id}/analysis`. */
export interface Analysis {
  file_id: string;
  status: 'pending' | 'processing' | 'completed' | 'failed';
  duration_ms: number | null;
  error: { code: string; message: string } | null;
  result: {
    units: { name: string; metresPerUnit: number; reason: string; declared?: number };
    elements: ClassifiedName[];
    takeoff: TakeoffLine[];
    warnings: string[];
  } | null;
}

/** `GET /api/files/{id}/geometry`: integer coordinates (`d`) in `step` units from `origin`. */
export interface PlanGeometry {
  metresPerUnit: number;
  origin: { x: number; y: number };
  step: number;
  size: { width: number; height: number };
  layers: string[];
  classes: string[];
  colours: string[];
  inserts: Array<{ h: string; p: number }>;
  entities: Array<{
    h: string;
    l: number;
    c: number;
    n: number;
    k: 'p' | 'h';
    d: number[];
    z?: 1;
    s?: number[];
  }>;
  omitted: number;
}

/** A priced estimate line. */
export type EstimateLine = Estimate['lines'][number];

/** Subtotal of one CSI division. */
export type DivisionSubtotal = Estimate['divisions'][number];

/** A stored estimate. */
export type Estimate = ApiAnswer<'/api/cost-estimates/{id}', 'get'>;

/** `GET/PUT /api/cost-settings`: the markup in percent. */
export type CostSettings = ApiAnswer<'/api/cost-settings', 'get'>;

/** One of the tenant's most similar past estimates. */
export interface SimilarEstimate {
  estimate_id: string;
  score: number;
  location: string;
  same_location: boolean;
  shared_materials: string[];
  total: number;
  currency: string;
  created_at: string;
}

/** A location of the cost index. */
export type CostLocation = Estimate['location'];

/** An automation rule. */
export type Rule = ApiAnswer<'/api/automation-rules/{id}', 'get'>;

/** One run of a rule with its actions' attempts. */
export type RuleRun = ApiAnswer<'/api/automation-rules/{id}/runs', 'get'>['items'][number];

/** `POST /api/automation-rules/{id}/test`: what the rule would do with an event, nothing stored or sent. */
export type DryRun = ApiAnswer<'/api/automation-rules/{id}/test', 'post'>;

/** A person's correction of a file's takeoff. */
export type Adjustment = ApiAnswer<'/api/files/{id}/takeoff-adjustments', 'post', 201>;

/** `GET /api/files/{id}/takeoff-adjustments`. */
export type AdjustmentList = ApiAnswer<'/api/files/{id}/takeoff-adjustments', 'get'>;

/** What a manual measurement may add to, in which unit. */
export type MeasurementItem = AdjustmentList['measurement_items'][number];

/** `POST /api/files/{id}/takeoff-adjustments`. */
export type NewAdjustment = ApiBody<'/api/files/{id}/takeoff-adjustments', 'post'>;

/** A takeoff item a manual measurement adds to. */
export type MeasuredItem = Extract<NewAdjustment, { kind: 'measurement' }>['item'];
