// Setup before measuring: tenants and API keys, a seed set of drawings, and a warm-up pass (not recorded).
import { Pool } from 'undici';
import { apiRequest, uploadRequest, type RequestSpec } from './workload.catalog.ts';

/** How to get tenants and how much data to seed. */
export interface SetupOptions {
  baseUrl: string;
  adminToken?: string;
  apiKey?: string;
  tenants: number;
  seedFiles: number;
  /** How long to wait for seed analyses to settle before warming caches. */
  analysisWaitMs: number;
  log: (line: string) => void;
}

/** API keys (one per tenant) and, per tenant, the ids of its seed drawings. */
export interface SetupResult {
  apiKeys: string[];
  fileIds: string[][];
}

/** Creates or takes tenants, uploads the seed drawings, waits for their analyses and warms the read paths. */
export async function runSetup(opts: SetupOptions): Promise<SetupResult> {
  const pool = new Pool(opts.baseUrl, { connections: 8, headersTimeout: 30_000, bodyTimeout: 30_000 });
  try {
    const apiKeys = opts.apiKey ? [opts.apiKey] : await createTenants(pool, opts);
    opts.log(`setup: ${apiKeys.length} tenant(s); uploading ${opts.seedFiles} drawing(s) each`);
    const fileIds = await Promise.all(
      apiKeys.map(async (key) => {
        const ids: string[] = [];
        for (let i = 0; i < opts.seedFiles; i++) {
          const body = await call(pool, uploadRequest(key));
          const id = (JSON.parse(body) as { file_id?: unknown }).file_id;
          if (typeof id !== 'string')
            throw new Error(`setup: upload returned no file_id: ${body.slice(0, 200)}`);
          ids.push(id);
        }
        return ids;
      }),
    );
    await waitForAnalyses(pool, apiKeys, fileIds, opts);
    // Warm-up: touch every read path twice so the measured run starts cache-warm. A failing read path
    // is reported but does not stop the run: the measured run will count its failures.
    const broken = new Set<string>();
    const warm = (req: RequestSpec) =>
      call(pool, req).catch((err: Error) => {
        if (!broken.has(req.endpoint)) opts.log(`${err.message} (during warm-up)`);
        broken.add(req.endpoint);
      });
    for (let round = 0; round < 2; round++) {
      await Promise.all(
        apiKeys.map(async (key, t) => {
          await warm(apiRequest('list', key, ''));
          await warm(apiRequest('search-similar', key, ''));
          for (const id of fileIds[t] ?? []) await warm(apiRequest('analysis', key, id));
        }),
      );
    }
    opts.log(`setup: warm-up done${broken.size ? ` (failing: ${[...broken].join(', ')})` : ''}`);
    return { apiKeys, fileIds };
  } finally {
    await pool.close();
  }
}

async function createTenants(pool: Pool, opts: SetupOptions): Promise<string[]> {
  if (!opts.adminToken)
    throw new Error('setup: give --admin-token (or ADMIN_TOKEN) to create tenants, or --api-key');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const keys: string[] = [];
  for (let i = 0; i < opts.tenants; i++) {
    const body = await call(pool, {
      method: 'POST',
      path: '/api/admin/tenants',
      headers: { authorization: `Bearer ${opts.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `loadtest-${stamp}-${i}` }),
    });
    const apiKey = (JSON.parse(body) as { apiKey?: unknown }).apiKey;
    if (typeof apiKey !== 'string')
      throw new Error(`setup: tenant creation returned no apiKey: ${body.slice(0, 200)}`);
    keys.push(apiKey);
  }
  return keys;
}

async function waitForAnalyses(pool: Pool, apiKeys: string[], fileIds: string[][], opts: SetupOptions) {
  const deadline = Date.now() + opts.analysisWaitMs;
  let pending = apiKeys.flatMap((key, t) => (fileIds[t] ?? []).map((id) => ({ key, id })));
  while (pending.length > 0 && Date.now() < deadline) {
    const states = await Promise.all(
      pending.map(({ key, id }) =>
        call(pool, apiRequest('analysis', key, id)).then(
          (body) => (JSON.parse(body) as { status?: unknown }).status,
          // Not waiting on a broken analysis endpoint; the warm-up below reports it.
          () => 'error',
        ),
      ),
    );
    pending = pending.filter((_, i) => states[i] === 'pending' || states[i] === 'processing');
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 500));
  }
  if (pending.length > 0)
    opts.log(`setup: ${pending.length} analyses still pending; reads will include them`);
}

async function call(pool: Pool, req: Omit<RequestSpec, 'endpoint'>): Promise<string> {
  const res = await pool.request({
    method: req.method,
    path: req.path,
    headers: req.headers,
    body: req.body,
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) {
    throw new Error(`setup: ${req.method} ${req.path} → ${res.statusCode}: ${text.slice(0, 200)}`);
  }
  return text;
}
