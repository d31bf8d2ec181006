import type { LayerMappingRecord, LayerMappingRepository } from './layer-mapping.repository.ts';

/** A tenant's layer/block → element class overrides, read by every later analysis of its drawings. */
export class LayerMappingService {
  constructor(private readonly mappings: LayerMappingRepository) {}

  /** The tenant's mappings in their stored order. */
  list(tenantId: string): Promise<LayerMappingRecord[]> {
    return this.mappings.list(tenantId);
  }

  /** Replaces the tenant's whole set (order kept); analyses already run are not redone (refresh does). */
  replace(tenantId: string, mappings: LayerMappingRecord[]): Promise<void> {
    return this.mappings.replace(tenantId, mappings);
  }
}
