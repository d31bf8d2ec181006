// What the generators send: the seed's four endpoints, their weights and payloads, and a weighted picker.

/** Name of an endpoint in reports; `hello` is the ceiling benchmark's only endpoint. */
export type EndpointName = 'upload' | 'list' | 'analysis' | 'search-similar' | 'hello';

/** One HTTP request, ready for undici (path relative to the base URL). */
export interface RequestSpec {
  endpoint: EndpointName;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
}

/** Serializable description of a workload, so worker threads can rebuild it. */
export type WorkloadSpec =
  | { kind: 'api'; mix: 'all' | 'reads'; apiKeys: string[]; fileIds: string[][] }
  | { kind: 'static'; path: string; headers?: Record<string, string>; paths?: string[]; zipf?: number };

/** Task weights from the seed's Locust file (upload 3 / list 5 / analysis 3 / search-similar 2). */
export const SEED_WEIGHTS: Readonly<Record<'upload' | 'list' | 'analysis' | 'search-similar', number>> = {
  upload: 3,
  list: 5,
  analysis: 3,
  'search-similar': 2,
};

/** The seed's upload: `test.dwg`, 'DWG_FILE_CONTENT' × 1000 (16 KB), application/octet-stream. */
export const SEED_UPLOAD_BYTES = Buffer.from('DWG_FILE_CONTENT'.repeat(1000));

/** The seed's search-similar payload. */
export const SEED_SEARCH_BODY = JSON.stringify({
  materials: { concrete: 100, steel: 50, wood: 75 },
  location: 'New York',
});

const BOUNDARY = '----construction-ai-loadtest-7f3a9c';
// Built once: every upload sends identical bytes, so the generator does not pay for encoding per request.
const MULTIPART_BODY = Buffer.concat([
  Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="test.dwg"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  ),
  SEED_UPLOAD_BYTES,
  Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
]);

/** The multipart upload request of the seed for one API key. */
export function uploadRequest(apiKey: string): RequestSpec {
  return {
    endpoint: 'upload',
    method: 'POST',
    path: '/api/files/upload',
    headers: {
      authorization: `Bearer ${apiKey}`,
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    },
    body: MULTIPART_BODY,
  };
}

/** Builds the request for one endpoint of the API workload. */
export function apiRequest(endpoint: keyof typeof SEED_WEIGHTS, apiKey: string, fileId: string): RequestSpec {
  const authorization = `Bearer ${apiKey}`;
  switch (endpoint) {
    case 'upload':
      return uploadRequest(apiKey);
    case 'list':
      return { endpoint, method: 'GET', path: '/api/files', headers: { authorization } };
    case 'analysis':
      return {
        endpoint,
        method: 'GET',
        path: `/api/files/${encodeURIComponent(fileId)}/analysis`,
        headers: { authorization },
      };
    case 'search-similar':
      return {
        endpoint,
        method: 'POST',
        path: '/api/cost-estimates/search-similar',
        headers: { authorization, 'content-type': 'application/json' },
        body: SEED_SEARCH_BODY,
      };
  }
}

/** Returns a function that picks a key of `weights` with probability proportional to its weight. */
export function weightedPicker<K extends string>(weights: Readonly<Record<K, number>>, random = Math.random) {
  const entries = (Object.entries(weights) as [K, number][]).filter(([, w]) => w > 0);
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  if (entries.length === 0) throw new Error('weightedPicker: no positive weight');
  return (): K => {
    let r = random() * total;
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    return entries[entries.length - 1]![0];
  };
}

/** Weights of a mix: the seed's four tasks, or only the three reads for cache-warm runs. */
export function mixWeights(mix: 'all' | 'reads'): Record<keyof typeof SEED_WEIGHTS, number> {
  return mix === 'all' ? { ...SEED_WEIGHTS } : { ...SEED_WEIGHTS, upload: 0 };
}

/** Returns a picker producing the next request of an open-model workload (random tenant, weighted task). */
export function requestPicker(spec: WorkloadSpec, random = Math.random): () => RequestSpec {
  if (spec.kind === 'static') {
    const requests = (spec.paths ?? [spec.path]).map((path): RequestSpec => ({
      endpoint: 'hello',
      method: 'GET',
      path,
      headers: spec.headers ?? {},
    }));
    const pick = indexPicker(requests.length, spec.zipf, random);
    return () => requests[pick()]!;
  }
  const pickTask = weightedPicker(mixWeights(spec.mix), random);
  return () => {
    const t = Math.floor(random() * spec.apiKeys.length);
    const files = spec.fileIds[t] ?? [];
    const fileId = files[Math.floor(random() * files.length)] ?? 'missing';
    return apiRequest(pickTask(), spec.apiKeys[t]!, fileId);
  };
}

/** Picks indexes 0…n-1: round-robin, or Zipf-distributed with exponent `zipf` (index 0 most popular). */
function indexPicker(n: number, zipf: number | undefined, random: () => number): () => number {
  if (zipf === undefined) {
    let next = 0;
    return () => next++ % n;
  }
  const cdf: number[] = [];
  let total = 0;
  for (let i = 1; i <= n; i++) cdf.push((total += 1 / i ** zipf));
  return () => {
    const r = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
