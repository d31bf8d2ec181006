// Child process of bench/abuse.bench.ts: one noisy tenant running one attack at full speed until told to stop.
import { randomBytes } from 'node:crypto';
import { Pool } from 'undici';

/** What the bench asks the attacker to do. */
export interface AttackOrder {
  baseUrl: string;
  apiKey: string;
  attack: AttackName;
  /** A big drawing of the noisy tenant (for previews and analyses). */
  fileId: string;
  concurrency: number;
}

/** The attacks, each a request the noisy tenant repeats as fast as the server answers. */
export const ATTACKS = [
  'previews',
  'random-events',
  'glob-patterns',
  'unknown-materials',
  'event-streams',
  'random-keys',
  'operator-guessing',
  'rule-flood', // last: the every-minute rules it creates keep firing after it
] as const;
export type AttackName = (typeof ATTACKS)[number];

type Send = (pool: Pool, order: AttackOrder, i: number) => Promise<number>;

const json = (body: unknown) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const padding = 'x'.repeat(60 * 1024);

const SENDERS: Record<AttackName, Send> = {
  previews: (pool, o) => status(pool, 'GET', `/api/files/${o.fileId}/preview.svg`, bearer(o.apiKey)),
  'random-events': (pool, o) =>
    status(pool, 'POST', '/api/events', bearer(o.apiKey), {
      type: `custom:${randomBytes(8).toString('hex')}`,
      data: { padding },
    }),
  'rule-flood': (pool, o, i) =>
    status(pool, 'POST', '/api/automation-rules', bearer(o.apiKey), {
      name: `every minute ${i}`,
      trigger_type: 'scheduled',
      trigger_settings: { cron: '* * * * *' },
      actions: [{ type: 'send_notification', message: 'tick' }],
    }),
  'glob-patterns': async (pool, o, i) => {
    // a new pattern each time: the set changes, so the preview is classified (rendered) again
    const pattern = `${'*a'.repeat(20)}*b${i}`;
    const mapped = await status(pool, 'PUT', '/api/layer-mappings', bearer(o.apiKey), {
      mappings: [{ pattern, element_class: 'wall' }],
    });
    await status(pool, 'GET', `/api/files/${o.fileId}/preview.svg`, bearer(o.apiKey));
    return mapped;
  },
  'unknown-materials': (pool, o) =>
    status(pool, 'POST', '/api/cost-estimates', bearer(o.apiKey), {
      location: 'New York',
      materials: Object.fromEntries(
        Array.from({ length: 500 }, (_, i) => [`${randomBytes(20).toString('hex')} material ${i}`, 1]),
      ),
    }),
  'event-streams': (pool, o) => openStream(o),
  'random-keys': (pool) =>
    status(
      pool,
      'GET',
      '/api/me',
      bearer(`cai_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url')}`),
    ),
  'operator-guessing': (pool) =>
    status(pool, 'GET', '/api/admin/tenants', bearer(randomBytes(16).toString('hex'))),
};

async function status(
  pool: Pool,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<number> {
  const extra =
    body === undefined ? { headers } : { ...json(body), headers: { ...headers, ...json(body).headers } };
  const response = await pool.request({ method, path, ...extra });
  await response.body.dump();
  return response.statusCode;
}

/** Opens an event stream and keeps it open (up to the end of the attack): connections are the resource. */
const streams: Array<() => void> = [];
async function openStream(order: AttackOrder): Promise<number> {
  const controller = new AbortController();
  const response = await fetch(`${order.baseUrl}/api/events/stream`, {
    headers: bearer(order.apiKey),
    signal: controller.signal,
  }).catch(() => undefined);
  if (response === undefined) return 0;
  if (response.status !== 200) {
    await response.body?.cancel();
    return response.status;
  }
  streams.push(() => controller.abort());
  if (streams.length > 2000) streams.shift()!();
  return response.status;
}

/** Runs `order` until the parent disconnects; reports counts of each status on 'stop'. */
async function run(order: AttackOrder): Promise<void> {
  const pool = new Pool(order.baseUrl, { connections: order.concurrency, pipelining: 1 });
  const counts: Record<string, number> = {};
  let stopping = false;
  process.once('message', () => (stopping = true));
  await Promise.all(
    Array.from({ length: order.concurrency }, async (_, worker) => {
      for (let i = worker; !stopping; i += order.concurrency) {
        const code = await SENDERS[order.attack](pool, order, i).catch(() => 0);
        counts[code] = (counts[code] ?? 0) + 1;
      }
    }),
  );
  for (const stop of streams) stop();
  process.send!(counts);
  await pool.close();
}

if (process.send) {
  process.once('message', (order: AttackOrder) => {
    void run(order).then(() => process.exit(0));
  });
}
