// Public surface of the Redis infrastructure module: the only place that imports ioredis.
export {
  openRedis,
  type RedisConnection,
  type RedisHealth,
  type RedisOptions,
  type RedisTarget,
} from './redis.module.ts';
export {
  closeRedis,
  waitReady,
  type ConnectionRole,
  type RedisClient,
  type RedisNode,
  type RedisTopology,
} from './redis-connection.ts';
export { RedisCircuit, type CircuitObserver } from './redis-circuit.ts';
export { redisTokenBuckets, type SharedBuckets } from './redis-token-buckets.ts';
