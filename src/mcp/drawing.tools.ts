import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

import { FILE_STATUSES } from '../files/file-status.ts';
import type { ApiClient } from './api.client.ts';
import { ToolInputError } from './mcp.errors.ts';
import { jsonResult, toolCall } from './tool.results.ts';

/** Largest local file `upload_drawing` reads into memory (the server's own limit may be lower: 413). */
const MAX_LOCAL_BYTES = 1024 ** 3;
/** A drawing's id as tools take it. */
export const FileId = z.uuid().describe('file_id of a drawing (from upload_drawing or list_drawings)');
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

/** Drawings: list, upload (a local path or base64), read one. */
export function registerDrawingTools(server: McpServer, api: ApiClient): void {
  listDrawings(server, api);
  uploadDrawing(server, api);
  getDrawing(server, api);
}

function listDrawings(server: McpServer, api: ApiClient): void {
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
}

function uploadDrawing(server: McpServer, api: ApiClient): void {
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
}

function getDrawing(server: McpServer, api: ApiClient): void {
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
}
