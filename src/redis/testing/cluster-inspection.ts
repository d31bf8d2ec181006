import { redisCli } from './redis-servers.ts';

/**
 * The port of the primary that serves `key`'s slot now, as the node on `port` sees the cluster (a channel name
 * works too: SSUBSCRIBE/SPUBLISH route channels by the same slots).
 */
export async function slotOwnerPort(port: number, key: string): Promise<number> {
  const slot = Number(await redisCli(port, 'CLUSTER', 'KEYSLOT', key));
  for (const line of (await redisCli(port, 'CLUSTER', 'NODES')).split('\n')) {
    // <id> <host:port@bus> <flags> <primary> <ping> <pong> <epoch> <link> <slot ranges…>
    const [, address, flags, , , , , , ...ranges] = line.split(' ');
    if (!flags?.includes('master') || flags.includes('fail')) continue;
    const owns = ranges.some((range) => {
      const [from, to = from] = range.split('-').map(Number);
      return from !== undefined && to !== undefined && slot >= from && slot <= to;
    });
    if (owns) return Number(address?.split('@')[0]?.split(':')[1]);
  }
  throw new Error(`no primary serves slot ${slot}`);
}

/** How many connections to the node on `port` have SSUBSCRIBEd `channel` (PUBSUB SHARDNUMSUB). */
export async function shardSubscribers(port: number, channel: string): Promise<number> {
  return Number((await redisCli(port, 'PUBSUB', 'SHARDNUMSUB', channel)).split('\n')[1]);
}

/** How many times the node on `port` ran `command` (INFO commandstats; 0 if never). */
export async function commandCalls(port: number, command: string): Promise<number> {
  const stats = await redisCli(port, 'INFO', 'commandstats');
  return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
}

/** Ids of the connections to the node on `port` that hold sharded subscriptions (CLIENT LIST `ssub=`). */
export async function shardSubscriberIds(port: number): Promise<string[]> {
  const clients = (await redisCli(port, 'CLIENT', 'LIST', 'TYPE', 'pubsub')).split('\n');
  return clients.flatMap((line) => {
    const id = / ssub=[1-9]/.test(line) ? /^id=(\d+)/.exec(line)?.[1] : undefined;
    return id === undefined ? [] : [id];
  });
}

/**
 * Moves `key`'s slot, with the keys in it, from its primary to the primary on `toPort`, the way
 * `redis-cli --cluster reshard` does (IMPORTING/MIGRATING, MIGRATE, then SETSLOT NODE on every primary).
 */
export async function moveSlot(primaryPorts: readonly number[], key: string, toPort: number): Promise<void> {
  const fromPort = await slotOwnerPort(toPort, key);
  const slot = await redisCli(toPort, 'CLUSTER', 'KEYSLOT', key);
  const [fromId, toId] = await Promise.all(
    [fromPort, toPort].map((port) => redisCli(port, 'CLUSTER', 'MYID')),
  );
  await redisCli(toPort, 'CLUSTER', 'SETSLOT', slot, 'IMPORTING', fromId!);
  await redisCli(fromPort, 'CLUSTER', 'SETSLOT', slot, 'MIGRATING', toId!);
  const keys = (await redisCli(fromPort, 'CLUSTER', 'GETKEYSINSLOT', slot, '1000'))
    .split('\n')
    .filter(Boolean);
  if (keys.length > 0)
    await redisCli(fromPort, 'MIGRATE', '127.0.0.1', String(toPort), '', '0', '5000', 'KEYS', ...keys);
  for (const port of [toPort, fromPort, ...primaryPorts.filter((p) => p !== toPort && p !== fromPort)])
    await redisCli(port, 'CLUSTER', 'SETSLOT', slot, 'NODE', toId!);
}
