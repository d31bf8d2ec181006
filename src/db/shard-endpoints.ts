import { sql, type Kysely } from 'kysely';
import type { ControlTables } from './schema.ts';
import { notifyDirectoryChange } from './shard-registry.ts';

/** Where one shard's primary and streaming replicas are reached. */
export interface ShardEndpoint {
  shardId: number;
  primaryUrl: string;
  replicaUrls: string[];
}

/** The addresses a deployment is configured with: shard `i` at `shardUrls[i]`, and its replicas. */
export interface ConfiguredShards {
  shardUrls: readonly string[];
  replicaUrls?: ReadonlyMap<number, readonly string[]>;
}

/** Thrown when `set-url` names a shard the directory does not have. */
export class UnknownShardError extends Error {}

/**
 * Records shard `shardId`'s address in its `shards` row (the one place a shard's address is kept) and
 * announces it on the directory channel in the same transaction: running processes repoint their pools
 * when it commits, and later starts use it over the configuration. Works for configured and added shards.
 */
export async function setShardEndpoint(
  control: Kysely<ControlTables>,
  endpoint: ShardEndpoint,
): Promise<void> {
  const { shardId, primaryUrl, replicaUrls } = endpoint;
  await control.transaction().execute(async (trx) => {
    const updated = await sql`UPDATE shards
      SET url = ${primaryUrl}, replica_urls = ${replicaUrls}::text[], url_updated_at = now()
      WHERE id = ${shardId}`.execute(trx);
    if (Number(updated.numAffectedRows ?? 0) === 0)
      throw new UnknownShardError(`no shard ${shardId} in the directory`);
    await notifyDirectoryChange(trx);
  });
}

/**
 * Every shard's effective address by id: the one in its `shards` row when set (added by `shard add`, or moved
 * by `shard set-url`), else the configured one. Configured shards the directory has no row for yet (a first
 * start) are included; a row with neither is left out (the router then reports the shard as unconnected).
 */
export async function loadShardEndpoints(
  control: Kysely<ControlTables>,
  configured: ConfiguredShards,
): Promise<Map<number, ShardEndpoint>> {
  const { rows } = await sql<{ id: number; url: string | null; replica_urls: string[] | null }>`
    SELECT id, url, replica_urls FROM shards ORDER BY id`.execute(control);
  const recorded = new Map(rows.map((row) => [row.id, row]));
  const ids = [...new Set([...configured.shardUrls.keys(), ...recorded.keys()])].sort((a, b) => a - b);
  const endpoints = new Map<number, ShardEndpoint>();
  for (const shardId of ids) {
    const row = recorded.get(shardId);
    const primaryUrl = row?.url ?? configured.shardUrls[shardId];
    if (primaryUrl === undefined) continue;
    const replicaUrls = row?.replica_urls ?? [...(configured.replicaUrls?.get(shardId) ?? [])];
    endpoints.set(shardId, { shardId, primaryUrl, replicaUrls });
  }
  return endpoints;
}
