/**
 * The catalog and locations: their rows come through the shared cache (L1, Redis, invalidated on every
 * process by the bus), and each process keeps one snapshot built from them, indexed for the estimator and
 * pre-serialized with a strong ETag for the public GET routes, rebuilt only when the rows changed.
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

/** Which shared rows: the catalog's or the locations'. */
export type SharedRowsKind = 'material_catalog' | 'material_locations';

/** The shared cache of catalog and location rows, with the ETag of each cached list. */
export interface SharedRowsCache {
  rows<T>(kind: SharedRowsKind, load: () => Promise<T[]>): Promise<{ value: T[]; etag: string }>;
  /** Drops the cached rows everywhere (and purges them from the CDN). */
  invalidate(kind: SharedRowsKind): Promise<void>;
}

/** The cache of each tenant's markup. */
export interface MarkupCache {
  get(tenantId: string, load: () => Promise<Markup>): Promise<Markup>;
  /** Drops the tenant's cached markup everywhere. */
  forget(tenantId: string): Promise<void>;
}

/** Shared cost data: cached rows, one indexed snapshot per process. */
export class CostDataService {
  private current: { version: string; snapshot: CostDataSnapshot } | undefined;

  constructor(
    private readonly repository: CostDataRepository,
    private readonly shared: SharedRowsCache,
    private readonly markups: MarkupCache,
  ) {}

  /** The current snapshot, rebuilt only when the cached rows changed. */
  async snapshot(): Promise<CostDataSnapshot> {
    const [materials, locations] = await Promise.all([
      this.shared.rows('material_catalog', () => this.repository.listMaterials()),
      this.shared.rows('material_locations', () => this.repository.listLocations()),
    ]);
    const version = `${materials.etag}${locations.etag}`;
    if (this.current?.version !== version) {
      this.current = { version, snapshot: buildSnapshot(materials.value, locations.value) };
    }
    return this.current.snapshot;
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
    await this.shared.invalidate('material_catalog');
    return { ...row, version };
  }

  /** The tenant's overhead and profit percent. */
  markup(tenantId: string): Promise<Markup> {
    return this.markups.get(tenantId, () => this.repository.getMarkup(tenantId));
  }

  /** Sets the tenant's overhead and profit percent. */
  async setMarkup(tenantId: string, markup: Markup): Promise<void> {
    await this.repository.setMarkup(tenantId, markup);
    await this.markups.forget(tenantId);
  }
}
