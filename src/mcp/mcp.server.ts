import { readFileSync } from 'node:fs';

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

import { ConfigError, loadMcpConfig, type McpConfig } from '../config.ts';
import { registerAdjustmentTools } from './adjustment.tools.ts';
import { ApiClient } from './api.client.ts';
import { registerDrawingTools } from './drawing.tools.ts';
import { registerEstimateTools } from './estimate.tools.ts';
import { registerRuleTools } from './rule.tools.ts';
import { registerTakeoffTools } from './takeoff.tools.ts';

const INSTRUCTIONS = `Tools of the Construction AI Platform (drawing takeoff, cost estimates, automation), acting as one tenant.
A takeoff and an estimate end to end: upload_drawing → wait_for_analysis → get_takeoff (lines with their layers, blocks
and entity handles; include_classification shows how each layer was classified) → if a layer is misclassified,
apply_layer_mapping with refresh_file_ids, then wait_for_analysis again; a wrong or missing quantity →
correct_takeoff (exclude a line or entities, add a manual measurement) → list_locations → create_estimate →
search_similar_estimates → export_estimate. Automation: list_triggers → create_rule → dry_run_rule.`;

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The MCP server with every tool, acting through `api` (not yet connected to a transport). */
export function createMcpServer(api: ApiClient): McpServer {
  const server = new McpServer({ name: 'construction-ai', version }, { instructions: INSTRUCTIONS });
  registerDrawingTools(server, api);
  registerTakeoffTools(server, api);
  registerAdjustmentTools(server, api);
  registerEstimateTools(server, api);
  registerRuleTools(server, api);
  return server;
}

/**
 * `construction-ai mcp`: serves the tools over stdio (stdout carries only the protocol) until the client closes
 * stdin; resolves with the exit code.
 */
export async function runMcpServer(config: Readonly<McpConfig>): Promise<number> {
  const server = createMcpServer(new ApiClient(config));
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  await server.connect(transport);
  process.stderr.write(`construction-ai MCP server on stdio, API ${config.apiUrl}\n`);
  await closed;
  await server.close();
  return 0;
}

/** `construction-ai mcp` from the environment: a bad variable is named on stderr (exit code 1). */
export async function runMcpCommand(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let config: Readonly<McpConfig>;
  try {
    config = loadMcpConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  return runMcpServer(config);
}
