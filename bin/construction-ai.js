#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step) so `npx construction-ai` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
if (process.argv[2] === 'mcp') {
  // The MCP server is only an HTTP client: an agent's host waits for it to start, so it does not load the server.
  const { exitWhenFlushed, quietOnClosedOutput } = await import('../src/cli-output.ts');
  const { runMcpCommand } = await import('../src/mcp/index.ts');
  quietOnClosedOutput();
  await exitWhenFlushed(await runMcpCommand());
} else {
  await import('../src/main.ts');
}
