import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ELEMENT_CLASSES } from '../analysis/index.ts';
import type { LayerMappingService } from '../files/index.ts';
import { errorResponses } from './schemas.ts';

const MappingSchema = Type.Object(
  {
    pattern: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'layer or block name, `*` wildcards, case-insensitive',
    }),
    element_class: Type.Union(ELEMENT_CLASSES.map((c) => Type.Literal(c))),
  },
  { additionalProperties: false },
);
const MappingsSchema = Type.Object(
  { mappings: Type.Array(MappingSchema, { maxItems: 500 }) },
  { additionalProperties: false },
);

/** The tenant's layer/block → element class overrides, used by later analyses (refresh to re-run). */
export const layerMappingRoutes: FastifyPluginAsyncTypebox<{ mappings: LayerMappingService }> = async (
  app,
  { mappings },
) => {
  app.get(
    '/api/layer-mappings',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary: "The tenant's layer mappings",
        tags: ['analysis'],
        response: { 200: MappingsSchema, ...errorResponses },
      },
    },
    async (request) => ({
      mappings: (await mappings.list(request.auth.tenantId)).map((m) => ({
        pattern: m.pattern,
        element_class: m.elementClass as (typeof ELEMENT_CLASSES)[number],
      })),
    }),
  );
  app.put(
    '/api/layer-mappings',
    {
      config: { access: 'tenant', role: 'estimator' },
      schema: {
        summary: 'Replace the layer mappings (they win over built-in rules in later analyses)',
        tags: ['analysis'],
        body: MappingsSchema,
        response: { 200: MappingsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const unique = new Map(request.body.mappings.map((m) => [m.pattern, m]));
      await mappings.replace(
        request.auth.tenantId,
        [...unique.values()].map((m) => ({ pattern: m.pattern, elementClass: m.element_class })),
      );
      return { mappings: [...unique.values()] };
    },
  );
};
