// Public API of the MCP server: a stdio MCP server whose tools call the platform's public HTTP API.
export { createMcpServer, runMcpCommand, runMcpServer } from './mcp.server.ts';
export { ApiClient, type Download } from './api.client.ts';
export { ApiRequestError, ToolInputError } from './mcp.errors.ts';
