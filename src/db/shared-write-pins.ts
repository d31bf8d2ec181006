import type { RedisConnection } from '../redis/index.ts';

/**
 * Stores ARGV[1] with expiry ARGV[2] ms unless the key already holds a later position (positions are
 * fixed-width hex, so text order is numeric order): a slower note of an earlier write never lowers a pin.
 */
const RAISE_PIN = `
local current = redis.call('GET', KEYS[1])
if current and current >= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

/** A WAL position as 16 hex digits (the width of its 64 bits). */
function encodePosition(lsn: bigint): string {
  return lsn.toString(16).padStart(16, '0');
}

/**
 * Read-your-writes pins shared by every process over Redis: per tenant and shard, the WAL position of the
 * tenant's last write, expiring when the pin lapses. A process that did not serve the write asks here before
 * giving the tenant's read to a replica. Keys are `<prefix>:t:{<tenantId>}:ryw:<shardId>` (hash-tagged by
 * tenant, like the cache's), run through the connection's circuit breaker.
 */
export class SharedWritePins {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keyPrefix: string,
  ) {}

  /** Pins `tenantId` on `shardId` to `lsn` for `pinMs` (a later write's pin stays); rejects when Redis fails. */
  async record(shardId: number, tenantId: string, lsn: bigint, pinMs: number): Promise<void> {
    const key = this.#key(shardId, tenantId);
    await this.redis.circuit.run('readYourWrites', [], () =>
      this.redis.client.eval(RAISE_PIN, 1, key, encodePosition(lsn), pinMs),
    );
  }

  /** The WAL position of the tenant's last write still pinned by any process, or undefined; rejects when Redis fails. */
  async lastWrite(shardId: number, tenantId: string): Promise<bigint | undefined> {
    const key = this.#key(shardId, tenantId);
    const value = await this.redis.circuit.run('readYourWrites', [], () => this.redis.client.get(key));
    return value === null ? undefined : BigInt(`0x${value}`);
  }

  #key(shardId: number, tenantId: string): string {
    return `${this.keyPrefix}:t:{${tenantId}}:ryw:${shardId}`;
  }
}
