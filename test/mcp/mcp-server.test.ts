import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

import { SHARED_DRAWINGS } from '../fixtures/drawings/hostile.fixture.ts';
import { buildRoomDxf } from '../fixtures/drawings/room.fixture.ts';
import { freshServerEnv, startServerProcess } from '../support/server-process.ts';
import { ADMIN_TOKEN, eventually as eventuallyOk } from '../support/test-app.ts';

const TOOLS = [
  'apply_layer_mapping',
  'correct_takeoff',
  'create_estimate',
  'create_rule',
  'dry_run_rule',
  'export_estimate',
  'get_drawing',
  'get_estimate',
  'get_layer_mappings',
  'get_takeoff',
  'list_drawings',
  'list_estimates',
  'list_locations',
  'list_rule_runs',
  'list_rules',
  'list_takeoff_adjustments',
  'list_triggers',
  'refresh_analysis',
  'search_similar_estimates',
  'undo_takeoff_adjustment',
  'upload_drawing',
  'wait_for_analysis',
];

interface Line {
  id: string;
  element_class: string;
  quantity: number;
  unit: string;
  sources: { layers: string[]; blocks: string[]; handle_count: number; handles: string[] };
}
interface Estimate {
  id: string;
  file_id: string | null;
  location: { key: string };
  totals: { total: number; material_cost: number; installation_cost: number };
  quantities: Record<string, number>;
  lines: Array<{ material: string; quantity: number; source: string; total: number }>;
}

test('MCP server over stdio: a takeoff and an estimate end to end against a real server', async (t) => {
  const { env, baseUrl } = await freshServerEnv(t, 1);
  const server = await startServerProcess(env);
  t.after(() => server.child.kill('SIGTERM'));
  const created = await fetch(`${baseUrl}/api/admin/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Agent' }),
  });
  const { apiKey } = (await created.json()) as { apiKey: string };

  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['bin/construction-ai.js', 'mcp'],
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    env: { PATH: process.env.PATH ?? '', CONSTRUCTION_AI_URL: baseUrl, CONSTRUCTION_AI_API_KEY: apiKey },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'construction-ai-test', version: '1.0.0' });
  await client.connect(transport);
  t.after(() => client.close());

  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 })) as CallToolResult;
  const text = (result: CallToolResult) => {
    const [first] = result.content;
    assert.equal(first?.type, 'text');
    return first.text;
  };
  const ok = async <T>(name: string, args: Record<string, unknown> = {}): Promise<T> => {
    const result = await call(name, args);
    assert.notEqual(result.isError, true, `${name}: ${text(result)}`);
    return JSON.parse(text(result)) as T;
  };
  const failure = async (name: string, args: Record<string, unknown>) => {
    const result = await call(name, args);
    assert.equal(result.isError, true, `${name} should fail: ${text(result)}`);
    return text(result);
  };

  await t.test('lists its tools, each with an input schema', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), TOOLS);
    for (const tool of tools) assert.equal(tool.inputSchema.type, 'object', tool.name);
  });

  let hatches = '';
  await t.test('uploads a real drawing from a path, waits, reads the takeoff with its sources', async () => {
    const path = fileURLToPath(new URL('hatches.dxf', SHARED_DRAWINGS));
    const file = await ok<{ file_id: string; filename: string }>('upload_drawing', { path });
    assert.equal(file.filename, 'hatches.dxf');
    hatches = file.file_id;
    const waited = await ok<{ status: string; timed_out: boolean; summary: { line_count: number } }>(
      'wait_for_analysis',
      { file_id: hatches, timeout_seconds: 100 },
    );
    assert.equal(waited.status, 'completed');
    assert.equal(waited.timed_out, false);
    const takeoff = await ok<{ summary: { units: { name: string }; line_count: number }; lines: Line[] }>(
      'get_takeoff',
      { file_id: hatches },
    );
    assert.equal(takeoff.summary.units.name, 'millimetres');
    assert.equal(takeoff.lines.length, takeoff.summary.line_count);
    const hatch = takeoff.lines.find((l) => l.id.startsWith('hatch.area'));
    assert.ok(hatch, JSON.stringify(takeoff.lines));
    assert.deepEqual(hatch.sources.layers, ['0']);
    assert.equal(hatch.sources.handles.length, hatch.sources.handle_count);
  });

  await t.test('a layer mapping applied and the analysis re-run changes the classification', async () => {
    const applied = await ok<{ mappings: unknown[]; refreshed: Array<{ file_id: string }> }>(
      'apply_layer_mapping',
      { mappings: [{ pattern: '0', element_class: 'finish' }], refresh_file_ids: [hatches] },
    );
    assert.deepEqual(applied.mappings, [{ pattern: '0', element_class: 'finish' }]);
    assert.deepEqual(
      applied.refreshed.map((r) => r.file_id),
      [hatches],
    );
    await ok('wait_for_analysis', { file_id: hatches, timeout_seconds: 100 });
    const takeoff = await ok<{
      summary: { layer_mappings_applied: number };
      classification: Array<{ name: string; element_class: string }>;
    }>('get_takeoff', { file_id: hatches, include_classification: true });
    assert.equal(takeoff.summary.layer_mappings_applied, 1);
    assert.equal(takeoff.classification.find((c) => c.name === '0')?.element_class, 'finish');
  });

  let estimate: Estimate | undefined;
  let roomFile = '';
  await t.test('uploads base64 content, prices its takeoff, reads and exports the estimate', async () => {
    const room = buildRoomDxf({ unit: 'm' });
    const file = await ok<{ file_id: string }>('upload_drawing', {
      content_base64: Buffer.from(room).toString('base64'),
      filename: 'room.dxf',
    });
    const waited = await ok<{ status: string }>('wait_for_analysis', {
      file_id: file.file_id,
      timeout_seconds: 100,
    });
    assert.equal(waited.status, 'completed');
    roomFile = file.file_id;
    const { items: locations } = await ok<{ items: Array<{ key: string }> }>('list_locations');
    assert.ok(locations.length > 0);
    estimate = await ok<Estimate>('create_estimate', { file_id: file.file_id, location: locations[0]!.key });
    assert.equal(estimate.file_id, file.file_id);
    assert.ok(estimate.totals.total > 0);
    const concrete = estimate.lines.find((l) => l.material === 'concrete');
    assert.ok(concrete && concrete.quantity > 0, JSON.stringify(estimate.lines));
    const read = await ok<Estimate>('get_estimate', { estimate_id: estimate.id });
    assert.deepEqual(read.totals, estimate.totals);
    const listed = await ok<{ items: Array<{ id: string }> }>('list_estimates');
    assert.deepEqual(
      listed.items.map((i) => i.id),
      [estimate.id],
    );

    const csv = await call('export_estimate', { estimate_id: estimate.id, format: 'csv' });
    assert.notEqual(csv.isError, true, text(csv));
    assert.match(text(csv), /concrete/);
    const xlsx = await call('export_estimate', { estimate_id: estimate.id });
    const [resource] = xlsx.content;
    assert.equal(resource?.type, 'resource');
    assert.ok('blob' in resource.resource);
    assert.equal(Buffer.from(resource.resource.blob, 'base64').subarray(0, 2).toString(), 'PK');
    const dir = mkdtempSync(join(tmpdir(), 'cai-mcp-export-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const saved = await ok<{ path: string; bytes: number }>('export_estimate', {
      estimate_id: estimate.id,
      save_to: join(dir, 'estimate.xlsx'),
    });
    const written = readFileSync(saved.path);
    assert.equal(written.length, saved.bytes);
    assert.equal(written.subarray(0, 2).toString(), 'PK');
  });

  await t.test('finds a similar estimate and says why, leaving the estimate itself out', async () => {
    assert.ok(estimate);
    const other = await ok<Estimate>('create_estimate', {
      materials: estimate.quantities,
      location: estimate.location.key,
    });
    assert.deepEqual(other.quantities, estimate.quantities);
    const similar = await ok<{
      items: Array<{
        estimate_id: string;
        cosine: number;
        same_location: boolean;
        shared_materials: string[];
      }>;
    }>('search_similar_estimates', { estimate_id: estimate.id });
    assert.deepEqual(
      similar.items.map((i) => i.estimate_id),
      [other.id],
    );
    assert.ok(similar.items[0]!.cosine > 0.99);
    assert.equal(similar.items[0]!.same_location, true);
    assert.ok(similar.items[0]!.shared_materials.includes('concrete'));
  });

  await t.test(
    'corrects a takeoff: a line excluded and a manual area added reach the estimate; undo',
    async () => {
      assert.ok(estimate);
      const { lines } = await ok<{ lines: Line[] }>('get_takeoff', { file_id: roomFile });
      const priced = estimate.lines.flatMap((l) => l.source.split(' + '));
      const excluded = lines.find((l) => l.id === 'door.count')!;
      assert.ok(priced.includes(excluded.id), 'the uncorrected estimate priced the doors');
      const { measurement_items } = await ok<{ measurement_items: Array<{ item: string; unit: string }> }>(
        'list_takeoff_adjustments',
        { file_id: roomFile },
      );
      const areaItem = measurement_items.find((i) => i.unit === 'm2')!;
      const exclusion = await ok<{ id: string; kind: string }>('correct_takeoff', {
        file_id: roomFile,
        kind: 'exclude_line',
        line_id: excluded.id,
      });
      const area = await ok<{ id: string; quantity: number; unit: string }>('correct_takeoff', {
        file_id: roomFile,
        kind: 'measurement',
        tool: 'area',
        item: areaItem.item,
        points: [
          [0, 0],
          [2000, 0],
          [2000, 3000],
          [0, 3000],
        ],
        metres_per_unit: 0.001,
      });
      assert.deepEqual([area.quantity, area.unit], [6, 'm2']);
      assert.match(
        await failure('correct_takeoff', { file_id: roomFile, kind: 'measurement', tool: 'area' }),
        /→ 400 VALIDATION_ERROR: body must have required property 'item'/,
      );
      const listed = await ok<{ items: Array<{ id: string }> }>('list_takeoff_adjustments', {
        file_id: roomFile,
      });
      assert.deepEqual(
        listed.items.map((i) => i.id),
        [exclusion.id, area.id],
      );
      const corrected = await ok<Estimate>('create_estimate', {
        file_id: roomFile,
        location: estimate.location.key,
      });
      const sources = (e: Estimate) => e.lines.flatMap((l) => l.source.split(' + '));
      assert.ok(sources(corrected).includes(`manual:${area.id}`), sources(corrected).join(', '));
      assert.ok(!sources(corrected).includes(excluded.id), `${excluded.id} is left out`);
      const undone = await ok<{ removed: boolean }>('undo_takeoff_adjustment', {
        file_id: roomFile,
        adjustment_id: exclusion.id,
      });
      assert.equal(undone.removed, true);
      const after = await ok<{ items: Array<{ id: string }> }>('list_takeoff_adjustments', {
        file_id: roomFile,
      });
      assert.deepEqual(
        after.items.map((i) => i.id),
        [area.id],
      );
    },
  );

  await t.test('rules: the trigger catalog, a rule with the seed’s field names, a dry run', async () => {
    const triggers = await ok<{ items: Array<{ type: string }> }>('list_triggers');
    assert.ok(triggers.items.some((tr) => tr.type === 'analysis_completed'));
    const rule = await ok<{ id: string; webhook_secret: string }>('create_rule', {
      name: 'Big uploads',
      trigger_type: 'file_uploaded',
      trigger_conditions: { all: [{ field: 'file_size', operator: 'greater_than', value: 1000 }] },
      actions: [{ type: 'send_notification', message: 'big upload' }],
    });
    assert.match(rule.webhook_secret, /^whsec_/);
    const listed = await ok<{ items: Array<{ id: string }> }>('list_rules');
    assert.deepEqual(
      listed.items.map((r) => r.id),
      [rule.id],
    );
    const matched = await ok<{ matched: boolean }>('dry_run_rule', {
      rule_id: rule.id,
      data: { file: { size_bytes: 5000 } },
    });
    assert.equal(matched.matched, true);
    const missed = await ok<{ matched: boolean }>('dry_run_rule', {
      rule_id: rule.id,
      data: { file: { size_bytes: 10 } },
    });
    assert.equal(missed.matched, false);

    // a real upload of more than 1000 bytes fires it
    const upload = await ok<{ file_id: string }>('upload_drawing', {
      content_base64: Buffer.from(buildRoomDxf({ unit: 'mm' })).toString('base64'),
      filename: 'room-mm.dxf',
    });
    const runs = await eventuallyOk(async () => {
      const { items } = await ok<{
        items: Array<{ matched: boolean; status: string; event: { data: unknown } }>;
      }>('list_rule_runs', { rule_id: rule.id });
      return items.find((run) => run.status === 'succeeded') ? items : undefined;
    });
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.matched, true);
    assert.match(JSON.stringify(runs[0]!.event), new RegExp(upload.file_id));
  });

  await t.test('bad input and API errors come back as tool errors naming the cause', async () => {
    assert.match(await failure('get_drawing', { file_id: 'not-a-uuid' }), /Input validation error.*file_id/);
    assert.match(await failure('list_drawings', { limit: 0 }), /Input validation error.*limit/);
    assert.match(
      await failure('get_takeoff', { file_id: '0190c0de-0000-7000-8000-000000000000' }),
      /GET \/api\/files\/0190c0de-0000-7000-8000-000000000000\/analysis → 404 \w+: /,
    );
    assert.match(await failure('upload_drawing', { path: '/nonexistent/plan.dxf' }), /cannot read .*ENOENT/);
    assert.match(await failure('upload_drawing', {}), /either path .* or content_base64/);
    assert.match(
      await failure('create_rule', {
        name: 'bad',
        trigger_type: 'file_uploaded',
        trigger_conditions: { all: [{ field: 'file.nope', operator: 'equals', value: 1 }] },
        actions: [{ type: 'send_notification', message: 'x' }],
      }),
      /422 INVALID_RULE: .*file\.nope/,
    );
    assert.match(
      await failure('create_estimate', { materials: { concrete: 1 }, location: 'Atlantis' }),
      /POST \/api\/cost-estimates → 4\d\d \w+: .*Atlantis/,
    );
    // the server is still there after every error
    const drawings = await ok<{ items: unknown[] }>('list_drawings');
    assert.equal(drawings.items.length, 3);
  });

  await t.test('a wrong API key is a tool error, not a crash', async () => {
    const bad = new Client({ name: 'bad-key', version: '1.0.0' });
    await bad.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: ['bin/construction-ai.js', 'mcp'],
        cwd: fileURLToPath(new URL('../../', import.meta.url)),
        env: {
          PATH: process.env.PATH ?? '',
          CONSTRUCTION_AI_URL: baseUrl,
          CONSTRUCTION_AI_API_KEY: 'cai_wrong_key_123',
        },
        stderr: 'pipe',
      }),
    );
    t.after(() => bad.close());
    const result = (await bad.callTool({ name: 'list_drawings', arguments: {} })) as CallToolResult;
    assert.equal(result.isError, true);
    assert.match(text(result), /GET \/api\/files → 401 \w+: /);
  });
});
