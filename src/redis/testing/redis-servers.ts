import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** A `redis-server` process a test started on a free port. */
export interface RedisProcess {
  port: number;
  /** SIGKILL: the node dies without a word, as in a crash; resolves once it exited. */
  kill(): Promise<void>;
}

/** Several Redis processes and their folder, stopped and removed together. */
export interface RedisGroup {
  nodes: RedisProcess[];
  destroy(): Promise<void>;
  /** The same, synchronously (for a process `exit` handler). */
  destroyNow(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** `redis-cli -p PORT ARGS…`'s output. */
export async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await exec('redis-cli', ['-p', String(port), ...args]);
  return stdout.trim();
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not ready in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts `redis-server` (no persistence) with `args` in `dir`; resolves once it answers PING. */
async function startNode(dir: string, args: string[], processes: ChildProcess[]): Promise<RedisProcess> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    [
      ...args,
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { stdio: 'ignore' },
  );
  child.unref(); // a test process may end with a shared cluster running: its exit handler kills it
  processes.push(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await until(async () => (await redisCli(port, 'PING')) === 'PONG', `redis on ${port}`);
  return {
    port,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

function group(label: string): Omit<RedisGroup, 'nodes'> & { dir: string; processes: ChildProcess[] } {
  const dir = mkdtempSync(join(tmpdir(), `cai-test-redis-${label}-`));
  const processes: ChildProcess[] = [];
  return {
    dir,
    processes,
    destroyNow: () => {
      for (const child of processes)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
    destroy: async () => {
      await Promise.all(
        processes.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGKILL');
            }),
        ),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A Redis Cluster of `masters` primaries, each with `replicasPerPrimary` replicas (none by default), the slots
 * spread over them by `redis-cli --cluster create`. The cluster keeps serving the slots of live primaries when
 * one dies; a replica takes over its dead primary's slots about a second later (node timeout 1 s).
 */
export async function startRedisCluster(masters = 3, replicasPerPrimary = 0): Promise<RedisGroup> {
  const g = group('cluster');
  try {
    const nodes: RedisProcess[] = [];
    for (let i = 0; i < masters * (1 + replicasPerPrimary); i++) {
      const args = ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${i}.conf`];
      nodes.push(await startNode(g.dir, [...args, '--cluster-node-timeout', '1000'], g.processes));
    }
    for (const node of nodes)
      await redisCli(node.port, 'CONFIG', 'SET', 'cluster-require-full-coverage', 'no');
    await exec('redis-cli', [
      ...['--cluster', 'create', ...nodes.map((node) => `127.0.0.1:${node.port}`)],
      ...['--cluster-replicas', String(replicasPerPrimary), '--cluster-yes'],
    ]);
    for (const node of nodes)
      await until(
        async () => (await redisCli(node.port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'),
        'cluster state',
      );
    for (const node of nodes)
      await until(async () => {
        const replication = await redisCli(node.port, 'INFO', 'replication');
        return replication.includes('role:master') || replication.includes('master_link_status:up');
      }, 'replication link');
    return { nodes, destroy: g.destroy, destroyNow: g.destroyNow };
  } catch (error) {
    await g.destroy();
    throw error;
  }
}

/** A primary, its replica, and one sentinel watching them as `name` (quorum 1, down after 1 s). */
export interface SentinelGroup extends RedisGroup {
  primary: RedisProcess;
  replica: RedisProcess;
  sentinel: RedisProcess;
  /** The port of the primary the sentinel names now. */
  currentPrimaryPort(): Promise<number>;
}

/** Starts a primary, a replica of it and a sentinel (`redis-server FILE --sentinel`). */
export async function startRedisSentinel(name = 'cai'): Promise<SentinelGroup> {
  const g = group('sentinel');
  try {
    const primary = await startNode(g.dir, [], g.processes);
    const replica = await startNode(g.dir, ['--replicaof', '127.0.0.1', String(primary.port)], g.processes);
    await until(
      async () => (await redisCli(replica.port, 'INFO', 'replication')).includes('master_link_status:up'),
      'replication link',
    );
    const config = join(g.dir, 'sentinel.conf');
    writeFileSync(
      config,
      [
        `sentinel monitor ${name} 127.0.0.1 ${primary.port} 1`,
        `sentinel down-after-milliseconds ${name} 1000`,
        `sentinel failover-timeout ${name} 5000`,
        '',
      ].join('\n'),
    );
    const sentinel = await startNode(g.dir, [config, '--sentinel'], g.processes);
    const currentPrimaryPort = async () =>
      Number((await redisCli(sentinel.port, 'SENTINEL', 'get-master-addr-by-name', name)).split('\n')[1]);
    await until(async () => (await currentPrimaryPort()) === primary.port, 'sentinel');
    return {
      nodes: [primary, replica, sentinel],
      primary,
      replica,
      sentinel,
      currentPrimaryPort,
      destroy: g.destroy,
      destroyNow: g.destroyNow,
    };
  } catch (error) {
    await g.destroy();
    throw error;
  }
}

/** How `openRedis` reaches a cluster a test started. */
export function clusterTarget(cluster: RedisGroup): {
  topology: { kind: 'cluster'; nodes: Array<{ host: string; port: number }> };
} {
  return {
    topology: {
      kind: 'cluster',
      nodes: cluster.nodes.map((node) => ({ host: '127.0.0.1', port: node.port })),
    },
  };
}

let shared: Promise<RedisGroup> | undefined;

/** One 3-primary cluster per test process, started on first use and killed when the process exits. */
export function sharedRedisCluster(): Promise<RedisGroup> {
  shared ??= startRedisCluster().then((cluster) => {
    process.once('exit', () => cluster.destroyNow());
    return cluster;
  });
  return shared;
}
