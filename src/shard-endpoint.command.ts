import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { redactPassword, setShardEndpoint, UnknownShardError, type ControlTables } from './db/index.ts';

const USAGE = 'usage: construction-ai shard set-url SHARD_ID PRIMARY_URL [--replica URL]... [--json]';

/**
 * `shard set-url`: records where a shard's primary (and its replicas) now are, e.g. after promoting a
 * replica; every running process repoints its pools and job queue within moments, without a restart.
 */
export async function shardSetUrlCommand(args: string[], control: Kysely<ControlTables>): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { replica: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  });
  const [id, primaryUrl] = positionals;
  const shardId = Number(id);
  const replicaUrls = values.replica ?? [];
  if (!Number.isInteger(shardId) || shardId < 0 || !primaryUrl || positionals.length !== 2) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const bad = [primaryUrl, ...replicaUrls].filter((url) => !isPostgresUrl(url));
  if (bad.length > 0) {
    process.stderr.write(`not a postgres:// URL: ${bad.join(', ')}\n`);
    return 2;
  }
  try {
    await setShardEndpoint(control, { shardId, primaryUrl, replicaUrls });
  } catch (error) {
    if (!(error instanceof UnknownShardError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  const replicas = replicaUrls.length > 0 ? ` (replicas: ${replicaUrls.length})` : ' (no replicas)';
  process.stdout.write(
    values.json
      ? `${JSON.stringify({ shardId, primaryUrl: redactPassword(primaryUrl), replicas: replicaUrls.length })}\n`
      : `shard ${shardId}: primary ${redactPassword(primaryUrl)}${replicas}\n`,
  );
  return 0;
}

function isPostgresUrl(value: string): boolean {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
