import type { LayerMappingRecord, LayerMappingRepository } from './layer-mapping.repository.ts';

/** A tenant's layer mappings; replacing them tells `onReplaced` (what depends on them, e.g. previews, is stale). */
export class LayerMappingService {
  constructor(
    private readonly mappings: LayerMappingRepository,
    private readonly onReplaced: (tenantId: string) => Promise<void> = async () => undefined,
  ) {}

  /** The tenant's mappings in order. */
  list(tenantId: string): Promise<LayerMappingRecord[]> {
    return this.mappings.list(tenantId);
  }

  /** Replaces the tenant's mappings with `mappings` (in this order). */
  async replace(tenantId: string, mappings: LayerMappingRecord[]): Promise<void> {
    await this.mappings.replace(tenantId, mappings);
    await this.onReplaced(tenantId);
  }
}
