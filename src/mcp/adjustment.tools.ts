import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

import { MEASUREMENT_ITEMS, MEASUREMENT_TOOLS } from '../files/index.ts';
import type { ApiClient } from './api.client.ts';
import { FileId } from './drawing.tools.ts';
import { jsonResult, toolCall } from './tool.results.ts';

const LineId = z.string().min(1).max(200).describe('id of a takeoff line (from get_takeoff)');
const Point = z.tuple([z.number(), z.number()]).describe('[x, y] in drawing units');

/** Corrections of a machine takeoff: list them, exclude lines or entities, add manual measurements, undo one. */
export function registerAdjustmentTools(server: McpServer, api: ApiClient): void {
  listAdjustments(server, api);
  correctTakeoff(server, api);
  undoAdjustment(server, api);
}

function listAdjustments(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'list_takeoff_adjustments',
    {
      title: 'List takeoff corrections',
      description:
        "A drawing's corrections of its machine takeoff (oldest first), and the items a manual measurement may " +
        'add to with their units. Estimates of the drawing price the takeoff with these applied.',
      inputSchema: { file_id: FileId },
      annotations: { readOnlyHint: true },
    },
    ({ file_id }) =>
      toolCall(async () => jsonResult(await api.json('GET', `/api/files/${file_id}/takeoff-adjustments`))),
  );
}

function correctTakeoff(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'correct_takeoff',
    {
      title: 'Correct a takeoff',
      description:
        'Corrects the machine takeoff of a drawing, kept beside it: exclude_line leaves a line out; ' +
        "exclude_entities leaves some of a line's source entities out (handles from get_takeoff with max_handles); " +
        'measurement adds a manual line, polyline, area or count from points in drawing units, at metres_per_unit ' +
        "(the drawing's units, or a calibration from a known distance). Then create_estimate prices it.",
      inputSchema: {
        file_id: FileId,
        kind: z.enum(['exclude_line', 'exclude_entities', 'measurement']),
        line_id: LineId.optional().describe('exclude_line, exclude_entities: the line'),
        handles: z.array(z.string().min(1).max(40)).min(1).max(500).optional().describe('exclude_entities'),
        tool: z.enum(MEASUREMENT_TOOLS).optional().describe('measurement: how the points are measured'),
        item: z
          .enum(MEASUREMENT_ITEMS.map((i) => i.item) as [string, ...string[]])
          .optional()
          .describe('measurement: the takeoff item it adds to'),
        label: z.string().min(1).max(200).optional(),
        points: z.array(Point).min(1).max(2000).optional().describe('measurement'),
        metres_per_unit: z.number().positive().max(1e6).optional().describe('measurement'),
      },
    },
    ({ file_id, kind, line_id, handles, tool, item, label, points, metres_per_unit }) =>
      toolCall(async () => {
        const body =
          kind === 'measurement'
            ? { kind, tool, item, label, points, metres_per_unit }
            : { kind, line_id, ...(kind === 'exclude_entities' ? { handles } : {}) };
        // the API names a missing or wrong field for each kind
        return jsonResult(await api.json('POST', `/api/files/${file_id}/takeoff-adjustments`, { body }));
      }),
  );
}

function undoAdjustment(server: McpServer, api: ApiClient): void {
  server.registerTool(
    'undo_takeoff_adjustment',
    {
      title: 'Undo a takeoff correction',
      description: 'Removes one correction (adjustment_id from list_takeoff_adjustments or correct_takeoff).',
      inputSchema: { file_id: FileId, adjustment_id: z.uuid() },
      annotations: { destructiveHint: true },
    },
    ({ file_id, adjustment_id }) =>
      toolCall(async () => {
        await api.json('DELETE', `/api/files/${file_id}/takeoff-adjustments/${adjustment_id}`);
        return jsonResult({ file_id, adjustment_id, removed: true });
      }),
  );
}
