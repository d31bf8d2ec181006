import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

import { ELEMENT_CLASSES } from '../analysis/index.ts';
import { FILE_STATUSES } from '../files/file-status.ts';
import type { ApiClient } from './api.client.ts';
import { ToolInputError } from './mcp.errors.ts';
import { classifiedNames, takeoffLine, takeoffSummary, type AnalysisJson } from './takeoff.views.ts';
import { jsonResult, toolCall } from './tool.results.ts';

/** Largest local file `upload_drawing` reads into memory (the server's own limit may be lower: 413). */
const MAX_LOCAL_BYTES = 1024 ** 3;
const FileId = z.uuid().describe('file_id of a drawing (from upload_drawing or list_drawings)');
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

interface FileJson {
  file_id: string;
  filename: string;
  status: string;
  [key: string]: unknown;
}

/** Reads what `upload_drawing` was given: a local path, or base64 content with its file name. */
async function drawingBytes(input: {
  path?: string | undefined;
  content_base64?: string | undefined;
  filename?: string | undefined;
}): Promise<{ filename: string; bytes: Buffer<ArrayBuffer> }> {
  if ((input.path === undefined) === (input.content_base64 === undefined)) {
    throw new ToolInputError('give either path (a local file) or content_base64 (with filename), not both');
  }
  if (input.path !== undefined) {
    const path = resolve(input.path);
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new ToolInputError(`cannot read ${path}: ${error.code ?? error.message}`, { cause: error });
    });
    if (!info.isFile()) throw new ToolInputError(`${path} is not a file`);
    if (info.size > MAX_LOCAL_BYTES) throw new ToolInputError(`${path} is larger than 1 GiB`);
    return { filename: input.filename ?? basename(path), bytes: await readFile(path) };
  }
  if (input.filename === undefined) throw new ToolInputError('content_base64 needs filename (e.g. plan.dxf)');
  const text = input.content_base64!.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  if (!BASE64.test(text) || text.length % 4 === 1) throw new ToolInputError('content_base64 is not base64');
  return { filename: input.filename, bytes: Buffer.from(text, 'base64') };
}

/** Drawings and their takeoff: list, upload, wait for the analysis, read it, correct it with layer mappings. */
export function registerDrawingTools(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'list_drawings',
    {
      title: 'List drawings',
      description: "The tenant's drawings, newest first, with their analysis status (cursor pagination).",
      inputSchema: {
        status: z.enum(FILE_STATUSES).optional(),
        limit: z.number().int().min(1).max(100).default(20),
        cursor: z.string().max(200).optional().describe('next_cursor of the previous page'),
      },
      annotations: { readOnlyHint: true },
    },
    (args) => toolCall(async () => jsonResult(await api.json('GET', '/api/files', { query: { ...args } }))),
  );

  server.registerTool(
    'upload_drawing',
    {
      title: 'Upload a drawing',
      description:
        'Uploads a DXF or DWG (IFC and PDF are stored without takeoff) from a local path or as base64. ' +
        'Its analysis starts at once: call wait_for_analysis with the returned file_id.',
      inputSchema: {
        path: z.string().min(1).optional().describe('a local file path, read by this MCP server'),
        content_base64: z.string().min(1).optional().describe('the file content, base64'),
        filename: z.string().min(1).max(255).optional().describe('needed with content_base64, e.g. plan.dxf'),
      },
    },
    (args) =>
      toolCall(async () => {
        const { filename, bytes } = await drawingBytes(args);
        return jsonResult(await api.upload<FileJson>('/api/files/upload', filename, bytes));
      }),
  );

  server.registerTool(
    'get_drawing',
    {
      title: 'Get a drawing',
      description: 'Metadata of one drawing: name, format, size, status, tags, notes.',
      inputSchema: { file_id: FileId },
      annotations: { readOnlyHint: true },
    },
    ({ file_id }) => toolCall(async () => jsonResult(await api.json('GET', `/api/files/${file_id}`))),
  );

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

  registerLayerMappingTools(server, api);
}

interface MappingsJson {
  mappings: Array<{ pattern: string; element_class: string }>;
}

function registerLayerMappingTools(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'get_layer_mappings',
    {
      title: 'Get layer mappings',
      description: "The tenant's layer/block name → element class overrides (they win over built-in rules).",
      annotations: { readOnlyHint: true },
    },
    () => toolCall(async () => jsonResult(await api.json<MappingsJson>('GET', '/api/layer-mappings'))),
  );

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
