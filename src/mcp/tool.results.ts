import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

import { AppError } from '../shared/app-error.ts';
import { ApiRequestError } from './mcp.errors.ts';

/** A tool answer carrying `value` as JSON text. */
export function jsonResult(value: object): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }] };
}

/** A tool error naming its cause: the API's status, code and message, or the tool's own check. */
export function errorResult(error: unknown): CallToolResult {
  let text: string;
  if (error instanceof ApiRequestError) {
    const status = error.statusCode === 0 ? 'unreachable' : String(error.statusCode);
    const details = error.details && Object.keys(error.details).length > 0 ? error.details : undefined;
    text = `${error.request} → ${status} ${error.code}: ${error.message}`;
    if (details) text += ` ${JSON.stringify(details)}`;
  } else if (error instanceof AppError) {
    text = `${error.code}: ${error.message}`;
  } else {
    text = `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { content: [{ type: 'text', text }], isError: true };
}

/** Runs a tool's work and turns any failure into a tool error, so no call can crash the server. */
export async function toolCall(work: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await work();
  } catch (error) {
    return errorResult(error);
  }
}
