import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { QuotaLimits } from './quotas/index.ts';

/** Validated, frozen runtime configuration. The only module that reads `process.env`. */
export interface Config {
  /** Control database; absent → an embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | undefined;
  /** One URL per physical shard; empty → shards live in the control database (or the embedded server). */
  shardDatabaseUrls: string[];
  /**
   * Streaming replicas per shard id (`SHARD_REPLICA_URLS=0=postgres://…,1=postgres://…`; repeat an id for
   * several): staleness-tolerant reads (lists) go to a caught-up one.
   */
  shardReplicaUrls: ReadonlyMap<number, readonly string[]>;
  /** Replicas: staleness beyond which one is skipped, lag probe interval, longest read-your-writes pin. */
  replicaMaxLagMs: number;
  replicaPollMs: number;
  replicaPinMs: number;
  redisUrl: string | undefined;
  /** Sentinels to find the Redis primary through (`REDIS_SENTINELS=host:port,…`), and its name there. */
  redisSentinels: Array<{ host: string; port: number }>;
  redisSentinelName: string;
  /** Nodes of a Redis Cluster to start from (`REDIS_CLUSTER_NODES=host:port,…`); the rest are discovered. */
  redisClusterNodes: Array<{ host: string; port: number }>;
  /** Namespace of every Redis key and bus channel: deployments sharing a Redis use different ones. */
  cachePrefix: string;
  host: string;
  port: number;
  dataDir: string;
  uploadMaxBytes: number;
  adminToken: string | undefined;
  /** Bearer token that may read `/metrics` and `/ready`'s details (besides the operator token). */
  metricsToken: string | undefined;
  /** Failed authentications one client address may make per minute, and at once, before 429. */
  authFailuresPerMinute: number;
  authFailureBurst: number;
  /** Wrong passwords one account may get per minute, and at once, before sign-in answers 429. */
  loginFailuresPerMinute: number;
  loginFailureBurst: number;
  /** Sessions end this long after their last request, and this long after sign-in whatever happens. */
  sessionIdleSeconds: number;
  sessionAbsoluteSeconds: number;
  /**
   * Which proxies' `X-Forwarded-*` headers to believe (client address, HTTPS): false (none, the default),
   * true (any), a hop count, or addresses/CIDRs. Session cookies are `Secure` when the request was HTTPS.
   */
  trustProxy: boolean | number | string[];
  /** Heavy requests (pricing, similar search, batches) one tenant runs at once per process; the next wait. */
  heavyRequestsPerTenant: number;
  /** Milliseconds per second one tenant's heavy requests may run per process while others are active. */
  heavyMsPerSecond: number;
  workerEnabled: boolean;
  workerConcurrency: number;
  jobExpireSeconds: number;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  logLevel: string;
  /** One access-log line per request (pino, with the request id); off on high-throughput nodes. */
  logRequests: boolean;
  webhookAllowPrivate: string[];
  cdnPurgeUrl: string | undefined;
  clusterWorkers: number;
  analysisTimeoutMs: number;
  analysisMaxMemoryMb: number;
  /** Worker threads running analyses and previews at once in this process (the rest wait their turn). */
  analysisWorkers: number;
  /** Previews of one tenant that may wait for a worker; more get 429 PREVIEW_BUSY. */
  previewQueuePerTenant: number;
  /** Automation: first retry delay ceiling (doubles per attempt), attempts before an action is dead, rate limits. */
  automationRetryBaseMs: number;
  automationMaxAttempts: number;
  automationDisableAfterFailures: number;
  automationRulePerMinute: number;
  automationTenantPerMinute: number;
  /** Due scheduled rules of one tenant a schedule tick claims per shard; the rest stay due for the next tick. */
  automationSchedulePerTenantPerTick: number;
  /** Largest `data` of a submitted event, in bytes of JSON (larger: 413). */
  eventMaxBytes: number;
  /** Distinct custom event types a tenant may submit that no enabled rule of it listens to. */
  eventCustomTypesMax: number;
  /** Redis: approximate events kept in a tenant's stream, and seconds an idle tenant's stream lives. */
  eventStreamMaxLen: number;
  eventStreamTtlSeconds: number;
  /** Seconds between refreshes of each shard's analytics views (worker processes; one refresher per shard). */
  analyticsRefreshSeconds: number;
  /** Months of automation runs and notifications kept besides the current one (files are never dropped). */
  retentionMonths: number;
  /** Where expired months are archived (JSON lines) before they are dropped; unset: dropped without archive. */
  retentionArchiveDir: string | undefined;
  /** The same quotas for every tenant (QUOTA_* variables); `GET /api/me` shows them with their use. */
  quotas: QuotaLimits;
}

/** Thrown when one or more environment variables are invalid; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates configuration from the environment, failing fast with every bad variable named. */
export function loadConfig(env: Env = process.env): Readonly<Config> {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);
  const config: Config = {
    databaseUrl: read.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    shardDatabaseUrls: read.urlList('SHARD_DATABASE_URLS', ['postgres:', 'postgresql:']),
    shardReplicaUrls: read.replicaUrls('SHARD_REPLICA_URLS'),
    replicaMaxLagMs: read.int('REPLICA_MAX_LAG_MS', 2_000, 1, 3_600_000),
    replicaPollMs: read.int('REPLICA_POLL_MS', 250, 10, 60_000),
    replicaPinMs: read.int('REPLICA_PIN_MS', 10_000, 2, 3_600_000),
    redisUrl: read.url('REDIS_URL', ['redis:', 'rediss:']),
    redisSentinels: read.hostPorts('REDIS_SENTINELS'),
    redisSentinelName: env.REDIS_SENTINEL_NAME?.trim() || 'mymaster',
    redisClusterNodes: read.hostPorts('REDIS_CLUSTER_NODES'),
    cachePrefix: env.CACHE_PREFIX?.trim() || 'cai',
    host: env.HOST?.trim() || '127.0.0.1',
    port: read.int('PORT', 3000, 0, 65535),
    dataDir: resolve(env.DATA_DIR?.trim() || 'data'),
    uploadMaxBytes: read.int('UPLOAD_MAX_BYTES', 100 * 1024 * 1024, 1, 2 ** 40),
    adminToken: read.secret('ADMIN_TOKEN', 16),
    metricsToken: read.secret('METRICS_TOKEN', 16),
    authFailuresPerMinute: read.int('AUTH_FAILURES_PER_MINUTE', 60, 1, 1_000_000),
    authFailureBurst: read.int('AUTH_FAILURE_BURST', 30, 1, 1_000_000),
    loginFailuresPerMinute: read.int('LOGIN_FAILURES_PER_MINUTE', 5, 1, 1_000_000),
    loginFailureBurst: read.int('LOGIN_FAILURE_BURST', 10, 1, 1_000_000),
    sessionIdleSeconds: read.int('SESSION_IDLE_SECONDS', 2 * 3600, 1, 365 * 24 * 3600),
    sessionAbsoluteSeconds: read.int('SESSION_ABSOLUTE_SECONDS', 12 * 3600, 1, 365 * 24 * 3600),
    trustProxy: read.trustProxy('TRUST_PROXY'),
    heavyRequestsPerTenant: read.int('HEAVY_REQUESTS_PER_TENANT', 2, 1, 1000),
    heavyMsPerSecond: read.int('HEAVY_MS_PER_SECOND', 100, 10, 1_000_000),
    workerEnabled: read.bool('WORKER_ENABLED', true),
    workerConcurrency: read.int('WORKER_CONCURRENCY', 16, 1, 256),
    jobExpireSeconds: read.int('JOB_EXPIRE_SECONDS', 120, 10, 3600),
    rateLimitPerSecond: read.int('RATE_LIMIT_PER_SECOND', 2000, 1, 1_000_000),
    rateLimitBurst: read.int('RATE_LIMIT_BURST', 4000, 1, 10_000_000),
    logRequests: read.bool('LOG_REQUESTS', true),
    logLevel: read.oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    webhookAllowPrivate: read.list('WEBHOOK_ALLOW_PRIVATE'),
    cdnPurgeUrl: read.url('CDN_PURGE_URL', ['http:', 'https:']),
    clusterWorkers: read.int('CLUSTER_WORKERS', 1, 1, 64),
    analysisTimeoutMs: read.int('ANALYSIS_TIMEOUT_MS', 60_000, 1000, 3_600_000),
    analysisMaxMemoryMb: read.int('ANALYSIS_MAX_MEMORY_MB', 1024, 64, 16_384),
    analysisWorkers: read.int('ANALYSIS_WORKERS', Math.max(1, availableParallelism() - 1), 1, 256),
    previewQueuePerTenant: read.int('PREVIEW_QUEUE_PER_TENANT', 4, 1, 10_000),
    automationRetryBaseMs: read.int('AUTOMATION_RETRY_BASE_MS', 10_000, 10, 3_600_000),
    automationMaxAttempts: read.int('AUTOMATION_MAX_ATTEMPTS', 8, 1, 50),
    automationDisableAfterFailures: read.int('AUTOMATION_DISABLE_AFTER_FAILURES', 10, 1, 10_000),
    automationRulePerMinute: read.int('AUTOMATION_RULE_RATE_PER_MINUTE', 60, 1, 1_000_000),
    automationTenantPerMinute: read.int('AUTOMATION_TENANT_RATE_PER_MINUTE', 1000, 1, 10_000_000),
    automationSchedulePerTenantPerTick: read.int('AUTOMATION_SCHEDULE_PER_TENANT_PER_TICK', 20, 1, 100_000),
    // below the 1 MiB body limit, so an oversized event always gets this limit's 413
    eventMaxBytes: read.int('EVENT_MAX_BYTES', 16 * 1024, 256, 512 * 1024),
    eventCustomTypesMax: read.int('EVENT_CUSTOM_TYPES_MAX', 50, 1, 10_000),
    eventStreamMaxLen: read.int('EVENT_STREAM_MAXLEN', 1000, 10, 1_000_000),
    eventStreamTtlSeconds: read.int('EVENT_STREAM_TTL_SECONDS', 24 * 3600, 60, 30 * 24 * 3600),
    analyticsRefreshSeconds: read.int('ANALYTICS_REFRESH_SECONDS', 600, 5, 7 * 24 * 3600),
    retentionMonths: read.int('RETENTION_MONTHS', 12, 1, 1200),
    retentionArchiveDir: env.RETENTION_ARCHIVE_DIR?.trim()
      ? resolve(env.RETENTION_ARCHIVE_DIR.trim())
      : undefined,
    quotas: Object.freeze({
      automation_rules: read.int('QUOTA_AUTOMATION_RULES', 1000, 1, 10_000_000),
      files: read.int('QUOTA_FILES', 100_000, 1, 1_000_000_000),
      stored_bytes: read.int('QUOTA_STORED_BYTES', 100 * 1024 ** 3, 1, 2 ** 50),
      uploads_per_day: read.int('QUOTA_UPLOADS_PER_DAY', 50_000, 1, 100_000_000),
      events_per_minute: read.int('QUOTA_EVENTS_PER_MINUTE', 600, 1, 100_000_000),
      event_streams: read.int('QUOTA_EVENT_STREAMS', 20, 1, 100_000),
      batch_ids_per_day: read.int('QUOTA_BATCH_IDS_PER_DAY', 50_000, 1, 1_000_000_000),
      analysis_backlog: read.int('QUOTA_ANALYSIS_BACKLOG', 10_000, 1, 1_000_000_000),
    }),
  };
  if (config.shardDatabaseUrls.length > 0 && !config.databaseUrl) {
    problems.push('SHARD_DATABASE_URLS: needs DATABASE_URL too (shards cannot use the embedded server)');
  }
  if (/[{}]/.test(config.cachePrefix)) {
    // the first braces of a key are its Redis Cluster hash tag: they must be the tenant's
    problems.push('CACHE_PREFIX: must not contain { or }');
  }
  const redisChoices = [
    config.redisUrl && 'REDIS_URL',
    config.redisSentinels.length > 0 && 'REDIS_SENTINELS',
    config.redisClusterNodes.length > 0 && 'REDIS_CLUSTER_NODES',
  ].filter(Boolean);
  if (redisChoices.length > 1) problems.push(`${redisChoices.join(', ')}: set only one of them`);
  if (config.replicaPinMs <= config.replicaMaxLagMs) {
    // a pin that lapses before a lagging replica is skipped would let a tenant read past its own write
    problems.push('REPLICA_PIN_MS: must be greater than REPLICA_MAX_LAG_MS');
  }
  const unknownShards = [...config.shardReplicaUrls.keys()].filter(
    (id) => id >= Math.max(1, config.shardDatabaseUrls.length),
  );
  if (unknownShards.length > 0) {
    problems.push(`SHARD_REPLICA_URLS: no shard ${unknownShards.join(', ')} in SHARD_DATABASE_URLS`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** Configuration of `construction-ai mcp`: a client of a running server's public API. */
export interface McpConfig {
  /** Base URL of the server (`CONSTRUCTION_AI_URL`). */
  apiUrl: string;
  /** A tenant API key (`CONSTRUCTION_AI_API_KEY`); the tools act as that tenant. */
  apiKey: string;
  /** Longest wait for one HTTP request (`CONSTRUCTION_AI_TIMEOUT_MS`). */
  requestTimeoutMs: number;
}

/** Reads the MCP server's configuration, failing fast with every bad variable named. */
export function loadMcpConfig(env: Env = process.env): Readonly<McpConfig> {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);
  const apiKey = read.secret('CONSTRUCTION_AI_API_KEY', 8);
  if (apiKey === undefined && !problems.some((p) => p.startsWith('CONSTRUCTION_AI_API_KEY'))) {
    problems.push(
      'CONSTRUCTION_AI_API_KEY: required (a tenant API key: npx construction-ai tenant create NAME)',
    );
  }
  const config: McpConfig = {
    apiUrl: read.url('CONSTRUCTION_AI_URL', ['http:', 'https:']) ?? 'http://127.0.0.1:3000',
    apiKey: apiKey ?? '',
    requestTimeoutMs: read.int('CONSTRUCTION_AI_TIMEOUT_MS', 120_000, 1000, 3_600_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${name}: expected an integer from ${min} to ${max}, got "${value}"`);
      return fallback;
    }
    return parsed;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${name}: expected true or false, got "${value}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name}: expected one of ${allowed.join(', ')}, got "${value}"`);
    return fallback;
  }

  url(name: string, protocols: string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    return this.checkUrl(name, value, protocols) ? value : undefined;
  }

  urlList(name: string, protocols: string[]): string[] {
    return this.list(name).filter((value) => this.checkUrl(name, value, protocols));
  }

  /** Comma-separated `host:port` pairs. */
  hostPorts(name: string): Array<{ host: string; port: number }> {
    return this.list(name).flatMap((entry) => {
      const match = /^(.+):(\d{1,5})$/.exec(entry);
      const port = Number(match?.[2]);
      if (!match || port < 1 || port > 65535) {
        this.problems.push(`${name}: expected host:port pairs, got "${entry}"`);
        return [];
      }
      return [{ host: match[1]!, port }];
    });
  }

  /** `ID=URL` pairs, comma-separated: each shard id's replica URLs in the order given. */
  replicaUrls(name: string): ReadonlyMap<number, readonly string[]> {
    const byShard = new Map<number, string[]>();
    for (const entry of this.list(name)) {
      const match = /^(\d+)=(.+)$/.exec(entry);
      if (!match) {
        this.problems.push(`${name}: expected SHARD_ID=URL pairs, got "${entry}"`);
        continue;
      }
      if (!this.checkUrl(name, match[2]!, ['postgres:', 'postgresql:'])) continue;
      const shardId = Number(match[1]);
      byShard.set(shardId, [...(byShard.get(shardId) ?? []), match[2]!]);
    }
    return byShard;
  }

  list(name: string): string[] {
    const value = this.raw(name);
    return value === undefined
      ? []
      : value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean);
  }

  /** `TRUST_PROXY`: true/false, a hop count, or comma-separated addresses and CIDRs. */
  trustProxy(name: string): boolean | number | string[] {
    const value = this.raw(name);
    if (value === undefined || /^(false|no|off)$/i.test(value)) return false;
    if (/^(true|yes|on)$/i.test(value)) return true;
    if (/^\d+$/.test(value)) return this.int(name, 0, 0, 100);
    const entries = this.list(name);
    const bad = entries.filter((entry) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry));
    if (bad.length === 0) return entries;
    this.problems.push(
      `${name}: expected true, false, a hop count or addresses/CIDRs, got ${bad.map((b) => `"${b}"`).join(', ')}`,
    );
    return false;
  }

  secret(name: string, minLength: number): string | undefined {
    const value = this.raw(name);
    if (value !== undefined && value.length < minLength) {
      this.problems.push(`${name}: must be at least ${minLength} characters`);
      return undefined;
    }
    return value;
  }

  private checkUrl(name: string, value: string, protocols: string[]): boolean {
    try {
      const url = new URL(value);
      if (protocols.includes(url.protocol)) return true;
      this.problems.push(`${name}: expected a ${protocols.join(' or ')} URL, got "${url.protocol}"`);
    } catch {
      this.problems.push(`${name}: not a valid URL`);
    }
    return false;
  }
}
