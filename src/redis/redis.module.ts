import { silentLogger, type Logger } from '../shared/logger.ts';
import { RedisCircuit } from './redis-circuit.ts';
import {
  closeRedis,
  connectRedis,
  waitReady,
  type ConnectionRole,
  type RedisClient,
  type RedisTopology,
} from './redis-connection.ts';

/** Options of `openRedis`. */
export type RedisOptions = RedisTarget & {
  readonly logger?: Logger;
  /** A command slower than this counts as a failure and opens the circuit (default 250 ms). */
  readonly commandTimeoutMs?: number;
  /** How long Redis is bypassed after a failure before it is tried again (default 2 s). */
  readonly circuitBreakMs?: number;
};

/** One server by URL, or a topology (Sentinel, Cluster). */
export type RedisTarget = { readonly url: string } | { readonly topology: RedisTopology };

/** Outcome of a readiness probe. */
export interface RedisHealth {
  readonly ok: boolean;
  readonly error?: string;
}

/**
 * The process's Redis: one shared command connection behind one circuit breaker (cache L2, batch counters,
 * stream slots, rate limits), plus dedicated connections for whoever needs its own (pub/sub), all closed
 * with it.
 */
export interface RedisConnection {
  /** The shared command connection (fails fast, auto-pipelined). */
  readonly client: RedisClient;
  /** The breaker in front of `client`: users that can fall back check it and run commands through it. */
  readonly circuit: RedisCircuit;
  /** A new connection of its own to the same server (a subscriber, or a publisher with another timeout). */
  dedicated(role: ConnectionRole, name: string, options?: { commandTimeoutMs?: number }): RedisClient;
  /** Resolves true once the shared connection is ready, false after `timeoutMs` (startup goes on without). */
  whenReady(timeoutMs: number): Promise<boolean>;
  /** PING on the shared connection, for the readiness check. */
  ping(): Promise<RedisHealth>;
  /** Closes every connection opened here. */
  close(): Promise<void>;
}

/** Starts connecting to Redis; until it is ready the circuit is open and its users fall back. */
export function openRedis(options: RedisOptions): RedisConnection {
  const logger = options.logger ?? silentLogger;
  const commandTimeoutMs = options.commandTimeoutMs ?? 250;
  const topology: RedisTopology = 'url' in options ? { kind: 'server', url: options.url } : options.topology;
  const client = connectRedis(topology, 'commands', { commandTimeoutMs, logger, name: 'cache' });
  const circuit = new RedisCircuit(client, options.circuitBreakMs ?? 2000, logger);
  const opened = new Set<RedisClient>([client]);
  return {
    client,
    circuit,
    dedicated: (role, name, extra) => {
      const connection = connectRedis(topology, role, {
        commandTimeoutMs: extra?.commandTimeoutMs ?? commandTimeoutMs,
        logger,
        name,
      });
      opened.add(connection);
      return connection;
    },
    whenReady: (timeoutMs) => waitReady(client, timeoutMs),
    ping: () =>
      client.ping().then(
        () => ({ ok: true }),
        (error: unknown) => ({ ok: false, error: (error as Error).message }),
      ),
    close: async () => {
      await Promise.all([...opened].map((connection) => closeRedis(connection)));
      opened.clear();
    },
  };
}
