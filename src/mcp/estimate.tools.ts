import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

import type { ApiClient } from './api.client.ts';
import { estimateView, type EstimateJson } from './estimate.views.ts';
import { ToolInputError } from './mcp.errors.ts';
import { jsonResult, toolCall } from './tool.results.ts';

const EstimateId = z.uuid().describe('id of an estimate (from create_estimate or list_estimates)');
const Materials = z
  .record(z.string().min(1).max(100), z.number().nonnegative())
  .describe('material key → quantity in catalog units, e.g. {"concrete": 100, "rebar": 800}');
const Location = z.string().min(1).max(100).describe('a location key or name from list_locations');

interface LocationsJson {
  items: Array<{ key: string; name: string; region: string; country: string; [key: string]: unknown }>;
}

interface SimilarJson {
  items: Array<{ estimate_id: string; [key: string]: unknown }>;
}

/** Estimates: locations, pricing a takeoff, reading and listing estimates, similar ones, exports. */
export function registerEstimateTools(server: McpServer, api: ApiClient): void {
  listLocations(server, api);
  createEstimate(server, api);
  getEstimate(server, api);
  listEstimates(server, api);
  searchSimilarEstimates(server, api);
  exportEstimate(server, api);
}

function listLocations(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'list_locations',
    {
      title: 'List locations',
      description: 'Locations an estimate can be priced for (their cost factors apply per CSI division).',
      annotations: { readOnlyHint: true },
    },
    () =>
      toolCall(async () => {
        const { items } = await api.json<LocationsJson>('GET', '/api/material-locations');
        return jsonResult({
          items: items.map((l) => ({ key: l.key, name: l.name, region: l.region, country: l.country })),
        });
      }),
  );
}

function createEstimate(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'create_estimate',
    {
      title: 'Create an estimate',
      description:
        "Prices a drawing's completed takeoff (file_id) or a material map (materials) for a location: lines " +
        'by CSI division with material and installation cost, division subtotals, overhead, profit, total.',
      inputSchema: {
        file_id: z.uuid().optional().describe('a drawing whose analysis is completed'),
        materials: Materials.optional(),
        location: Location,
        currency: z.string().length(3).optional().describe('ISO 4217, default the catalog currency'),
      },
    },
    (args) =>
      toolCall(async () => {
        if ((args.file_id === undefined) === (args.materials === undefined)) {
          throw new ToolInputError('give either file_id (a takeoff) or materials (a material map), not both');
        }
        return jsonResult(
          estimateView(await api.json<EstimateJson>('POST', '/api/cost-estimates', { body: args })),
        );
      }),
  );
}

function getEstimate(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'get_estimate',
    {
      title: 'Get an estimate',
      description:
        'One estimate with its lines (each naming the takeoff line it came from) and division subtotals.',
      inputSchema: { estimate_id: EstimateId },
      annotations: { readOnlyHint: true },
    },
    ({ estimate_id }) =>
      toolCall(async () =>
        jsonResult(estimateView(await api.json<EstimateJson>('GET', `/api/cost-estimates/${estimate_id}`))),
      ),
  );
}

function listEstimates(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'list_estimates',
    {
      title: 'List estimates',
      description: "The tenant's estimates, newest first: totals per estimate (cursor pagination).",
      inputSchema: {
        limit: z.number().int().min(1).max(100).default(20),
        cursor: z.uuid().optional().describe('next_cursor of the previous page'),
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      toolCall(async () => jsonResult(await api.json('GET', '/api/cost-estimates', { query: { ...args } }))),
  );
}

function searchSimilarEstimates(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'search_similar_estimates',
    {
      title: 'Search similar estimates',
      description:
        "The tenant's past estimates most similar to an estimate (estimate_id) or a material map, with why " +
        'they match: score, cosine of the material mix, same location, shared materials.',
      inputSchema: {
        estimate_id: EstimateId.optional(),
        materials: Materials.optional(),
        location: Location.optional().describe("default the estimate's location"),
        limit: z.number().int().min(1).max(50).default(10),
      },
      annotations: { readOnlyHint: true },
    },
    ({ estimate_id, materials, location, limit }) =>
      toolCall(async () => {
        if ((estimate_id === undefined) === (materials === undefined)) {
          throw new ToolInputError('give either estimate_id or materials, not both');
        }
        let query = { materials: materials ?? {}, location };
        if (estimate_id !== undefined) {
          const estimate = await api.json<EstimateJson>('GET', `/api/cost-estimates/${estimate_id}`);
          query = { materials: estimate.quantities, location: location ?? estimate.location.key };
        }
        if (query.location === undefined) throw new ToolInputError('materials need a location');
        const similar = await api.json<SimilarJson>('POST', '/api/cost-estimates/search-similar', {
          body: { ...query, limit: estimate_id === undefined ? limit : Math.min(limit + 1, 50) },
        });
        // an estimate is most similar to itself: leave it out
        const items = similar.items.filter((item) => item.estimate_id !== estimate_id).slice(0, limit);
        return jsonResult({ query, items });
      }),
  );
}

function exportEstimate(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'export_estimate',
    {
      title: 'Export an estimate',
      description:
        'The estimate as XLSX (sheets Summary and Lines) or CSV: written to save_to (a local path) when given, ' +
        'else CSV returned as text and XLSX as an embedded base64 resource.',
      inputSchema: {
        estimate_id: EstimateId,
        format: z.enum(['xlsx', 'csv']).default('xlsx'),
        save_to: z.string().min(1).optional().describe('local file path to write (overwritten)'),
      },
    },
    ({ estimate_id, format, save_to }) =>
      toolCall(async () => {
        const file = await api.download(`/api/cost-estimates/${estimate_id}/export`, { format });
        const filename = file.filename ?? `estimate-${estimate_id}.${format}`;
        if (save_to !== undefined) {
          const path = resolve(save_to);
          await writeFile(path, file.bytes).catch((error: NodeJS.ErrnoException) => {
            throw new ToolInputError(`cannot write ${path}: ${error.code ?? error.message}`, {
              cause: error,
            });
          });
          return jsonResult({ path, filename, bytes: file.bytes.length, content_type: file.contentType });
        }
        if (format === 'csv') return { content: [{ type: 'text', text: file.bytes.toString('utf8') }] };
        return {
          content: [
            {
              type: 'resource',
              resource: {
                uri: `construction-ai://cost-estimates/${estimate_id}/export/${filename}`,
                mimeType: file.contentType,
                blob: file.bytes.toString('base64'),
              },
            },
          ],
        };
      }),
  );
}
