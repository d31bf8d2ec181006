// The API's operations as the OpenAPI document the app serves describes them: what the fuzz tests walk.
import type { FastifyInstance } from 'fastify';

type Json = Record<string, unknown>;

/** One documented operation. */
export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as Fastify writes it (`/api/files/:id`). */
  route: string;
  pathParams: string[];
  queryParams: string[];
  headerParams: string[];
  /** The JSON body's schema, when the operation documents one. */
  bodySchema: Json | undefined;
}

/** Every operation of `GET /docs/json`. */
export async function documentedOperations(app: FastifyInstance): Promise<Operation[]> {
  const response = await app.inject({ method: 'GET', url: '/docs/json' });
  if (response.statusCode !== 200) throw new Error(`GET /docs/json → ${response.statusCode}`);
  const paths = response.json<{ paths: Record<string, Record<string, Json>> }>().paths;
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => {
      const params = (operation.parameters ?? []) as Array<{ in: string; name: string }>;
      const of = (where: string) => params.filter((p) => p.in === where).map((p) => p.name);
      const body = operation.requestBody as { content?: Record<string, { schema?: Json }> } | undefined;
      return {
        method: method.toUpperCase() as Operation['method'],
        route: path.replace(/\{(\w+)\}/g, ':$1'),
        pathParams: of('path'),
        queryParams: of('query'),
        headerParams: of('header'),
        bodySchema: body?.content?.['application/json']?.schema,
      };
    }),
  );
}

/** Tenant-owned routes: under /api/ but not the operator's, sign-in, or the shared material catalog. */
export function isTenantRoute(route: string): boolean {
  return (
    route.startsWith('/api/') &&
    !['/api/admin/', '/api/auth/', '/api/material-'].some((prefix) => route.startsWith(prefix))
  );
}

/** `route` with each `:param` replaced by `value(param)`, percent-encoded as UTF-8 (a lone surrogate as U+FFFD). */
export function fillRoute(route: string, value: (param: string) => string): string {
  const encode = (text: string) =>
    [...Buffer.from(text, 'utf8')]
      .map((byte) =>
        /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
          ? String.fromCharCode(byte)
          : `%${byte.toString(16).padStart(2, '0')}`,
      )
      .join('');
  return route.replace(/:(\w+)/g, (_, param: string) => encode(value(param)));
}
