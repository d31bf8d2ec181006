import { KeyedLines } from '../shared/keyed-lines.ts';
import type { LayerMappingRecord, LayerMappingRepository } from './layer-mapping.repository.ts';

/** A tenant's layer mappings; replacing them tells `onReplaced` (what depends on them, e.g. previews, is stale). */
export class LayerMappingService {
  /**
   * A tenant's replacements, one at a time in this process: they serialise on the tenant's advisory lock, so
   * concurrent ones would each hold a shard connection just to wait for it.
   */
  readonly #replacements = new KeyedLines(1);

  constructor(
    private readonly mappings: LayerMappingRepository,
    private readonly onReplaced: (tenantId: string) => Promise<void> = async () => undefined,
  ) {}

  /** The tenant's mappings in order. */
  list(tenantId: string): Promise<LayerMappingRecord[]> {
    return this.mappings.list(tenantId);
  }

  /**
   * Replaces the tenant's mappings with `mappings` (in this order). Sending the set it already has changes
   * nothing, so what depends on it stays valid: a repeat PUT does not make every preview render again.
   */
  async replace(tenantId: string, mappings: LayerMappingRecord[]): Promise<void> {
    const changed = await this.#replacements.run(tenantId, () => this.mappings.replace(tenantId, mappings));
    if (changed) await this.onReplaced(tenantId);
  }

  /** Replacements of the tenant's set waiting for their turn in this process (tests, metrics). */
  waitingReplacements(tenantId: string): number {
    return this.#replacements.waiting(tenantId);
  }
}
