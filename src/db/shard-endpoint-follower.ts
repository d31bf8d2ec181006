import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { loadShardEndpoints, type ConfiguredShards, type ShardEndpoint } from './shard-endpoints.ts';
import type { ControlTables, ShardTables } from './schema.ts';

/** What the follower does to a process's pools; each is called one change at a time. */
export interface ShardPoolActions {
  /** Opens (and migrates) a shard this process has no pool for yet, e.g. one registered by `shard add`. */
  open(endpoint: ShardEndpoint): Promise<void>;
  /** Replaces an open shard's pool (and job queue) by one at its new primary (`shard set-url`). */
  repoint(endpoint: ShardEndpoint): Promise<void>;
  /** Points a shard's staleness-tolerant reads at these replicas. */
  setReplicas(shardId: number, replicaUrls: string[]): Promise<void>;
}

/**
 * Keeps a process's shard pools at the addresses in the `shards` rows of the control database (the only
 * place they are kept): on each `sync` it reloads them, opens the shards it has no pool for, repoints those
 * whose primary moved and updates changed replica lists. Syncs run one at a time; a failed step is logged
 * and retried on the next sync (the directory NOTIFY, a gap in listening, the periodic refresh).
 */
export class ShardEndpointFollower {
  #replicas = new Map<number, string[]>();
  #syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly control: Kysely<ControlTables>,
    private readonly configured: ConfiguredShards,
    private readonly pools: ReadonlyMap<number, Database<ShardTables>>,
    private readonly actions: ShardPoolActions,
    private readonly log: (line: string) => void,
  ) {}

  /** Records the replica lists the process started with, so the first sync does not apply them again. */
  started(endpoints: Iterable<ShardEndpoint>): void {
    for (const endpoint of endpoints) this.#replicas.set(endpoint.shardId, [...endpoint.replicaUrls]);
  }

  /** Applies every address that differs from what the process has open. */
  sync(): Promise<void> {
    this.#syncing = this.#syncing.then(async () => {
      let current: Map<number, ShardEndpoint>;
      try {
        current = await loadShardEndpoints(this.control, this.configured);
      } catch (error) {
        this.log(`shard endpoints: reload failed: ${(error as Error).message}`);
        return;
      }
      for (const endpoint of current.values()) {
        await this.#apply(endpoint).catch((error: unknown) =>
          this.log(`shard ${endpoint.shardId}: ${(error as Error).message}`),
        );
      }
    });
    return this.#syncing;
  }

  async #apply(endpoint: ShardEndpoint): Promise<void> {
    const pool = this.pools.get(endpoint.shardId);
    if (!pool) await this.actions.open(endpoint);
    else if (pool.url !== endpoint.primaryUrl) await this.actions.repoint(endpoint);
    const before = this.#replicas.get(endpoint.shardId);
    if (before && sameList(before, endpoint.replicaUrls)) return;
    await this.actions.setReplicas(endpoint.shardId, endpoint.replicaUrls);
    this.#replicas.set(endpoint.shardId, [...endpoint.replicaUrls]);
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
