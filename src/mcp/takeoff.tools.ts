import { setTimeout as sleep } from 'node:timers/promises';

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

import { ELEMENT_CLASSES } from '../analysis/index.ts';
import type { ApiClient } from './api.client.ts';
import { FileId } from './drawing.tools.ts';
import { ToolInputError } from './mcp.errors.ts';
import { classifiedNames, takeoffLine, takeoffSummary, type AnalysisJson } from './takeoff.views.ts';
import { jsonResult, toolCall } from './tool.results.ts';

interface MappingsJson {
  mappings: Array<{ pattern: string; element_class: string }>;
}

/** Takeoffs: wait for an analysis, read it with its sources, re-run it, correct it with layer mappings. */
export function registerTakeoffTools(server: McpServer, api: ApiClient): void {
  waitForAnalysis(server, api);
  getTakeoff(server, api);
  refreshAnalysis(server, api);
  getLayerMappings(server, api);
  applyLayerMapping(server, api);
}

function waitForAnalysis(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'wait_for_analysis',
    {
      title: 'Wait for an analysis',
      description:
        "Waits until a drawing's analysis is completed or failed (or timeout_seconds pass; then call again) " +
        'and returns its status with the takeoff summary. Sends progress notifications when asked.',
      inputSchema: { file_id: FileId, timeout_seconds: z.number().int().min(1).max(600).default(50) },
      annotations: { readOnlyHint: true },
    },
    ({ file_id, timeout_seconds }, extra) =>
      toolCall(async () => {
        const deadline = Date.now() + timeout_seconds * 1000;
        const progressToken = extra._meta?.progressToken;
        for (let polls = 1; ; polls += 1) {
          const analysis = await api.json<AnalysisJson>('GET', `/api/files/${file_id}/analysis`);
          const done = analysis.status === 'completed' || analysis.status === 'failed';
          if (done || Date.now() >= deadline || extra.signal.aborted) {
            return jsonResult({
              file_id,
              status: analysis.status,
              timed_out: !done,
              attempts: analysis.attempts,
              duration_ms: analysis.duration_ms,
              error: analysis.error,
              summary: analysis.result ? takeoffSummary(analysis.result) : null,
            });
          }
          if (progressToken !== undefined) {
            await extra.sendNotification({
              method: 'notifications/progress',
              params: { progressToken, progress: polls, message: `analysis ${analysis.status}` },
            });
          }
          await sleep(Math.min(250 * polls, 2000), undefined, { signal: extra.signal }).catch(
            () => undefined,
          );
        }
      }),
  );
}

function getTakeoff(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'get_takeoff',
    {
      title: 'Read a takeoff',
      description:
        'A completed analysis: summary (units, extents, element classes, materials) and the quantity lines, each ' +
        'with its sources (layers, blocks, entity handles). classification shows how every layer and block was ' +
        'classified, to decide a layer mapping.',
      inputSchema: {
        file_id: FileId,
        element_class: z.enum(ELEMENT_CLASSES).optional().describe('only lines of this class'),
        max_handles: z.number().int().min(0).max(500).default(20).describe('entity handles listed per line'),
        include_classification: z.boolean().default(false),
      },
      annotations: { readOnlyHint: true },
    },
    ({ file_id, element_class, max_handles, include_classification }) =>
      toolCall(async () => {
        const analysis = await api.json<AnalysisJson>('GET', `/api/files/${file_id}/analysis`);
        if (analysis.status === 'failed') {
          throw new ToolInputError(
            `the analysis of ${file_id} failed: ${analysis.error?.message ?? 'unknown'}`,
          );
        }
        if (analysis.status !== 'completed' || analysis.result === null) {
          throw new ToolInputError(
            `the analysis of ${file_id} is ${analysis.status}: call wait_for_analysis`,
          );
        }
        const result = analysis.result;
        const lines = result.takeoff.filter(
          (l) => element_class === undefined || l.elementClass === element_class,
        );
        return jsonResult({
          file_id,
          completed_at: analysis.completed_at,
          summary: takeoffSummary(result),
          lines: lines.map((line) => takeoffLine(line, max_handles)),
          ...(include_classification ? { classification: classifiedNames(result) } : {}),
        });
      }),
  );
}

function refreshAnalysis(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'refresh_analysis',
    {
      title: 'Re-run an analysis',
      description:
        'Analyses a drawing again (after a layer mapping change, or with another storey height); then wait_for_analysis.',
      inputSchema: {
        file_id: FileId,
        storey_height: z.number().positive().max(100).optional().describe('metres, default 3'),
      },
    },
    ({ file_id, storey_height }) =>
      toolCall(async () => {
        const body = storey_height === undefined ? {} : { storey_height };
        const analysis = await api.json<AnalysisJson>('POST', `/api/files/${file_id}/analysis/refresh`, {
          body,
        });
        return jsonResult({ file_id, status: analysis.status, options: analysis.options });
      }),
  );
}

function getLayerMappings(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'get_layer_mappings',
    {
      title: 'Get layer mappings',
      description: "The tenant's layer/block name → element class overrides (they win over built-in rules).",
      annotations: { readOnlyHint: true },
    },
    () => toolCall(async () => jsonResult(await api.json<MappingsJson>('GET', '/api/layer-mappings'))),
  );
}

function applyLayerMapping(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'apply_layer_mapping',
    {
      title: 'Apply a layer mapping',
      description:
        'Maps layer or block names (`*` wildcards, case-insensitive) to element classes, merged into the ' +
        "tenant's mappings (replace: true sets exactly these), then re-runs the analyses of refresh_file_ids.",
      inputSchema: {
        mappings: z
          .array(z.object({ pattern: z.string().min(1).max(200), element_class: z.enum(ELEMENT_CLASSES) }))
          .min(1)
          .max(500),
        replace: z.boolean().default(false),
        refresh_file_ids: z.array(z.uuid()).max(20).default([]),
      },
    },
    ({ mappings, replace, refresh_file_ids }) =>
      toolCall(async () => {
        const current = replace ? [] : (await api.json<MappingsJson>('GET', '/api/layer-mappings')).mappings;
        const merged = new Map(current.map((m) => [m.pattern.toLowerCase(), m]));
        for (const m of mappings) merged.set(m.pattern.toLowerCase(), m);
        const saved = await api.json<MappingsJson>('PUT', '/api/layer-mappings', {
          body: { mappings: [...merged.values()] },
        });
        const refreshed = [];
        for (const fileId of refresh_file_ids) {
          const analysis = await api.json<AnalysisJson>('POST', `/api/files/${fileId}/analysis/refresh`, {
            body: {},
          });
          refreshed.push({ file_id: fileId, status: analysis.status });
        }
        return jsonResult({ mappings: saved.mappings, refreshed });
      }),
  );
}
