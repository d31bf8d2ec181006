// Shapes of the API answers the pages read (see /docs for the full OpenAPI document).

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

/** File lifecycle states. */
export const FILE_STATUSES = ['uploaded', 'processing', 'analyzed', 'failed'] as const;
/** A file lifecycle state. */
export type FileStatus = (typeof FILE_STATUSES)[number];

/** A drawing file. */
export interface FileJson {
  file_id: string;
  filename: string;
  format: string;
  size_bytes: number;
  status: FileStatus;
  status_label: string | null;
  tags: string[];
  created_at: string;
  processing_ms: number | null;
}

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
    units: { name: string; metresPerUnit: number; reason: string };
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
export interface EstimateLine {
  source_ref: string;
  material: string;
  name: string;
  division: string;
  division_name: string;
  unit: string;
  quantity_with_waste: number;
  adjusted_material_unit_price: number;
  adjusted_installation_unit_cost: number;
  material_cost: number;
  installation_cost: number;
  total: number;
}

/** Subtotal of one CSI division. */
export interface DivisionSubtotal {
  division: string;
  division_name: string;
  material_cost: number;
  installation_cost: number;
  total: number;
}

/** A stored estimate. */
export interface Estimate {
  id: string;
  file_id: string | null;
  created_at: string;
  currency: string;
  location: { key: string; name: string; region: string; country: string };
  lines: EstimateLine[];
  divisions: DivisionSubtotal[];
  quantities: Record<string, number>;
  material_cost: number;
  installation_cost: number;
  direct_cost: number;
  overhead_pct: number;
  overhead: number;
  profit_pct: number;
  profit: number;
  total: number;
}

/** `GET/PUT /api/cost-settings`: the markup in percent. */
export interface CostSettings {
  overhead_pct: number;
  profit_pct: number;
}

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
export interface CostLocation {
  key: string;
  name: string;
  region: string;
  country: string;
}

/** An automation rule. */
export interface Rule {
  id: string;
  name: string;
  description: string | null;
  trigger_type: string;
  trigger_conditions: unknown;
  actions: Array<{ type: string; [setting: string]: unknown }>;
  is_active: boolean;
  disabled_reason: string | null;
  version: number;
  last_triggered_at: string | null;
  created_at: string;
}

/** One run of a rule with its actions' attempts. */
export interface RuleRun {
  id: string;
  matched: boolean;
  status: string;
  created_at: string;
  duration_ms: number | null;
  event: { type?: string } | null;
  actions: Array<{ index: number; type: string; status: string; attempts: number; last_error: unknown }>;
}
