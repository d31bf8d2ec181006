/**
 * The catalog and locations as one in-memory snapshot per process: indexed for the estimator, and
 * pre-serialized with a strong ETag for the public GET routes. The snapshot is reloaded when older than
 * `maxAgeMs` (so another process's upsert shows within that time) and at once after an upsert here.
 */
import { createHash } from 'node:crypto';
import { buildCatalog, validateCatalogMaterial, type Catalog } from './catalog.ts';
import type { CostDataRepository, MaterialInput } from './cost-data.repository.ts';
import type { CatalogMaterial, Location } from './costs.schemas.ts';
import type { Markup } from './estimator.ts';
import { buildLocationIndex, findLocation, type LocationIndex } from './location-lookup.ts';

/** A JSON body serialized once, with its strong ETag. */
export interface CachedBody {
  readonly json: string;
  readonly etag: string;
}

/** Everything the estimator and the public routes need from the shared cost data. */
export interface CostDataSnapshot {
  readonly catalog: Catalog;
  readonly locations: LocationIndex;
  readonly catalogBody: CachedBody;
  readonly locationsBody: CachedBody;
}

function cachedBody(value: unknown): CachedBody {
  const json = JSON.stringify(value);
  return { json, etag: `"${createHash('sha1').update(json).digest('base64url')}"` };
}

/** Builds a snapshot from rows; throws InvalidCostDataError when the rows break an invariant. */
export function buildSnapshot(materials: CatalogMaterial[], locations: Location[]): CostDataSnapshot {
  const catalog = buildCatalog(materials);
  return {
    catalog,
    locations: buildLocationIndex(locations),
    catalogBody: cachedBody({ currency: catalog.currency, items: materials }),
    locationsBody: cachedBody({ items: locations }),
  };
}

/** Shared cost data with a time-bounded in-process cache (single-flight reloads). */
export class CostDataService {
  private current: { snapshot: CostDataSnapshot; loadedAt: number } | undefined;
  private loading: Promise<CostDataSnapshot> | undefined;
  /** Bumped by every local write, so a reload that started before it is not kept. */
  private generation = 0;

  constructor(
    private readonly repository: CostDataRepository,
    private readonly maxAgeMs = 30_000,
  ) {}

  /** The current snapshot, reloaded from the database when stale. */
  async snapshot(): Promise<CostDataSnapshot> {
    if (this.current && Date.now() - this.current.loadedAt < this.maxAgeMs) return this.current.snapshot;
    this.loading ??= this.reload().finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** The location row a name designates; throws UnknownLocationError with suggestions. */
  async location(name: string): Promise<Location> {
    return findLocation((await this.snapshot()).locations, name);
  }

  /**
   * Validates and stores a catalog material (insert, or replace and bump its version); rejects a row that
   * would make the catalog inconsistent (division, currency) before writing. Returns the stored row.
   */
  async upsertMaterial(row: MaterialInput): Promise<CatalogMaterial> {
    validateCatalogMaterial({ ...row, version: 1 });
    const { catalog } = await this.snapshot();
    const others = [...catalog.materials.values()].filter((m) => m.key !== row.key);
    buildCatalog([...others, { ...row, version: 1 }]);
    const version = await this.repository.upsertMaterial(row);
    this.generation++;
    this.current = undefined;
    return { ...row, version };
  }

  /** The tenant's overhead and profit percent. */
  markup(tenantId: string): Promise<Markup> {
    return this.repository.getMarkup(tenantId);
  }

  /** Sets the tenant's overhead and profit percent. */
  setMarkup(tenantId: string, markup: Markup): Promise<void> {
    return this.repository.setMarkup(tenantId, markup);
  }

  private async reload(): Promise<CostDataSnapshot> {
    const generation = this.generation;
    const [materials, locations] = await Promise.all([
      this.repository.listMaterials(),
      this.repository.listLocations(),
    ]);
    const snapshot = buildSnapshot(materials, locations);
    if (generation === this.generation) this.current = { snapshot, loadedAt: Date.now() };
    return snapshot;
  }
}
