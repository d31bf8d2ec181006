// The web app in a real Chromium (Debian's package, driven by playwright-core) against a real server process
// on fresh databases: sign-in, upload, live status, the viewer's traceability, estimate and XLSX export,
// automation, team, roles, keyboard and axe-core checks. Screenshots go to test-artifacts/screenshots/.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SHARED_DRAWINGS } from '../fixtures/drawings/hostile.fixture.ts';
import { freshServerEnv, startServerProcess } from '../support/server-process.ts';
import { ADMIN_TOKEN } from '../support/test-app.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = new URL('../../test-artifacts/screenshots/', import.meta.url);
const DRAWING = 'Ceco.NET-Architecture-Tm-53.dxf';
const PASSWORD = 'correct horse battery staple';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
const run = promisify(execFile);

interface TestLine {
  id: string;
  elementClass: string;
  handleCount: number;
  handles: string[];
}

/** Creates a user with the CLI, as a newcomer does. */
async function createUser(env: Record<string, string>, tenantId: string, email: string, role: string) {
  await run(
    process.execPath,
    [
      'bin/construction-ai.js',
      'user',
      'create',
      '--tenant',
      tenantId,
      '--email',
      email,
      '--password',
      PASSWORD,
      '--role',
      role,
    ],
    { env: { ...process.env, ...env } },
  );
}

async function signIn(page: Page, baseUrl: string, email: string) {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Drawings', level: 1 }).waitFor();
}

async function screenshot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0)); // sticky panels sit where a scrolled page left them
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
}

/** Runs axe-core in the page (evaluated through the DevTools protocol, so the page's CSP allows it). */
async function seriousViolations(page: Page): Promise<string[]> {
  const source = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> };
      }
    ).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
}

async function startBrowser(t: TestContext): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  t.after(() => browser.close());
  return browser;
}

test(
  'the estimator web app, end to end in Chromium',
  { skip: !existsSync(CHROMIUM) && `no ${CHROMIUM}` },
  async (t) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const build = spawnSync(process.execPath, ['web/build-if-stale.js'], { encoding: 'utf8' });
    assert.equal(build.status, 0, `web build failed: ${build.stderr}`);
    const { env, baseUrl } = await freshServerEnv(t, 1);
    const server = await startServerProcess(env);
    t.after(() => server.child.kill('SIGTERM'));

    const tenantResponse = await fetch(`${baseUrl}/api/admin/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Browser Co' }),
    });
    const { tenantId } = (await tenantResponse.json()) as { tenantId: string };
    await createUser(env, tenantId, 'owner@example.com', 'owner');
    await createUser(env, tenantId, 'viewer@example.com', 'viewer');

    const browser = await startBrowser(t);
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // sign-in: a wrong password is said in words, the right one opens the library
    await page.goto(`${baseUrl}/drawings`);
    await page.getByRole('heading', { name: 'Sign in to Construction AI' }).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'sign-in page');
    await screenshot(page, '01-sign-in');
    await page.getByLabel('Email').fill('owner@example.com');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /\w+/);
    await signIn(page, baseUrl, 'owner@example.com');
    await page.getByText('No drawings yet').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'empty drawings page');

    // upload: per-file progress, then the row turns completed by itself (live events)
    await page
      .getByLabel('Drawing files to upload')
      .setInputFiles(new URL(DRAWING, SHARED_DRAWINGS).pathname);
    await page.getByRole('list', { name: 'Uploads' }).getByText('Uploaded', { exact: true }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(DRAWING.replace(/\./g, '\\.')) });
    await row.locator('[data-status="analyzed"]').waitFor({ timeout: 60_000 });

    // two files dropped at once: each has its own progress; a truncated drawing is stored but its analysis fails
    const dropped = await page.evaluateHandle(
      (files) => {
        const transfer = new DataTransfer();
        for (const [name, bytes] of files) transfer.items.add(new File([new Uint8Array(bytes)], name));
        return transfer;
      },
      [
        ['hatches.dxf', [...readFileSync(new URL('hatches.dxf', SHARED_DRAWINGS))]],
        ['broken.dxf', [...Buffer.from('0\nSECTION\n2\nENTITIES\n0\nLINE\n')]],
      ] as Array<[string, number[]]>,
    );
    await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer: dropped });
    const uploads = page.getByRole('list', { name: 'Uploads' });
    await uploads.getByRole('listitem').filter({ hasText: 'hatches.dxf' }).getByText('Uploaded').waitFor();
    await uploads.getByRole('listitem').filter({ hasText: 'broken.dxf' }).getByText('Uploaded').waitFor();
    await page
      .getByRole('row', { name: /hatches\.dxf/ })
      .locator('[data-status="analyzed"]')
      .waitFor({ timeout: 60_000 });
    await page
      .getByRole('row', { name: /broken\.dxf/ })
      .locator('[data-status="failed"]')
      .waitFor({ timeout: 60_000 });
    await page.getByLabel('Status').selectOption('failed');
    await page.getByRole('row', { name: /hatches\.dxf/ }).waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /broken\.dxf/ }).waitFor();
    assert.equal(await page.getByRole('row').count(), 2); // header and the failed drawing
    await page.getByLabel('Status').selectOption('');

    await page.getByLabel('Search by name').fill('ceco');
    await page.getByRole('row', { name: /hatches/ }).waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('row').count(), 2); // header and the drawing
    await page.getByLabel('Search by name').fill('no such drawing');
    await page.getByText('No drawing matches').waitFor();
    await page.getByLabel('Search by name').fill('');
    assert.deepEqual(await seriousViolations(page), [], 'drawings page');
    await screenshot(page, '02-drawings');

    // viewer: a wall line highlights exactly its source entities
    await page.getByRole('link', { name: DRAWING }).click();
    const canvas = page.getByTestId('plan-canvas');
    await canvas.waitFor();
    const fileId = page.url().split('/').pop()!;
    const analysis = (await (await page.request.get(`${baseUrl}/api/files/${fileId}/analysis`)).json()) as {
      result: { takeoff: TestLine[] };
    };
    const wall = analysis.result.takeoff.find((line) => line.elementClass === 'wall')!;
    assert.ok(wall.handleCount > 0 && wall.handleCount === wall.handles.length);
    await page.locator(`tr[data-line-id="${wall.id}"] button.link`).click();
    const trace = page.getByTestId('trace-status');
    await trace.waitFor();
    assert.equal(Number(await trace.getAttribute('data-highlighted-sources')), wall.handleCount);
    assert.equal(Number(await trace.getAttribute('data-handle-count')), wall.handleCount);
    assert.ok(Number(await canvas.getAttribute('data-highlighted-entities')) >= wall.handleCount);

    // clicking an entity of that line on the plan names the lines that use it
    const geometry = (await (await page.request.get(`${baseUrl}/api/files/${fileId}/geometry`)).json()) as {
      layers: string[];
      entities: Array<{ h: string; l: number; d: number[] }>;
    };
    const entity = geometry.entities.find((e) => e.h === wall.handles[0])!;
    const view = JSON.parse((await canvas.getAttribute('data-view'))!) as {
      scale: number;
      x: number;
      y: number;
    };
    const box = (await canvas.boundingBox())!;
    const midX = (entity.d[0]! + entity.d[2]!) / 2;
    const midY = (entity.d[1]! + entity.d[3]!) / 2;
    await page.mouse.click(box.x + view.x + midX * view.scale, box.y + view.y - midY * view.scale);
    const panel = page.getByTestId('entity-panel');
    await panel.waitFor();
    assert.match((await panel.textContent()) ?? '', new RegExp(`Entity ${entity.h}`));
    await panel.getByRole('button', { name: /Wall/ }).first().waitFor();

    // toggling the wall class off leaves the plan drawn, keyboard zoom works
    await page.getByRole('checkbox', { name: /^wall \(\d+\)$/ }).uncheck();
    await canvas.focus();
    await page.keyboard.press('+');
    const zoomed = JSON.parse((await canvas.getAttribute('data-view'))!) as { scale: number };
    assert.ok(zoomed.scale > view.scale);
    await page.keyboard.press('0');
    await page.getByRole('checkbox', { name: /^wall \(\d+\)$/ }).check();

    // a manual area: two clicks and a keyboard point on the plan, saved as a correction beside the machine lines
    await page
      .getByRole('toolbar', { name: 'Measuring tools' })
      .getByRole('button', { name: 'Area' })
      .click();
    assert.equal(await canvas.getAttribute('data-mode'), 'measure');
    await canvas.scrollIntoViewIfNeeded();
    const planBox = (await canvas.boundingBox())!; // the page may have scrolled to the toggles
    const centre = { x: planBox.x + planBox.width / 2, y: planBox.y + planBox.height / 2 };
    await page.mouse.click(centre.x - 60, centre.y - 40);
    await page.mouse.click(centre.x + 60, centre.y - 40);
    // the third point by keyboard: the plan moves under the centre crosshair, Enter places it
    await canvas.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await page.getByText(/^3 points placed: [\d.,]+ m²\.$/).waitFor();
    await page.getByLabel('Adds to').selectOption('finish.area.manual');
    await page.getByLabel('Description').fill('Terrace paving');
    await page.getByRole('button', { name: 'Save measurement' }).click();
    const correction = page
      .getByRole('table', { name: 'Corrections' })
      .getByRole('row', { name: /Terrace paving/ });
    await correction.getByText(/owner@example\.com/).waitFor();
    const adjustments = (await (
      await page.request.get(`${baseUrl}/api/files/${fileId}/takeoff-adjustments`)
    ).json()) as { items: Array<{ id: string; quantity: number; unit: string; created_by: string }> };
    const [manual] = adjustments.items;
    assert.equal(adjustments.items.length, 1);
    assert.ok(manual && manual.quantity > 0 && manual.unit === 'm2');
    assert.equal(manual.created_by, 'user:owner@example.com');
    assert.deepEqual(await seriousViolations(page), [], 'viewer');
    await screenshot(page, '03-viewer');

    // reassign the picked entity's layer to another class: a layer mapping, then the takeoff re-runs without it
    const layer = geometry.layers[entity.l]!;
    await panel.getByLabel(`Layer ${layer} is`).selectOption('furniture');
    await panel.getByRole('button', { name: 'Reassign layer and re-run' }).click();
    await page
      .getByTestId('viewer-notice')
      .getByText(`Layer ${layer} is now furniture`, { exact: false })
      .waitFor();
    await canvas.waitFor({ timeout: 90_000 }); // drawn again once the re-run completed
    assert.deepEqual(await (await page.request.get(`${baseUrl}/api/layer-mappings`)).json(), {
      mappings: [{ pattern: layer, element_class: 'furniture' }],
    });
    const rerun = (await (await page.request.get(`${baseUrl}/api/files/${fileId}/analysis`)).json()) as {
      result: { takeoff: Array<TestLine & { layers: string[] }> };
    };
    assert.ok(!rerun.result.takeoff.some((l) => l.elementClass === 'wall' && l.layers.includes(layer)));

    // estimate: location and markup, lines by division, totals; export XLSX and read it back
    await page.getByRole('link', { name: 'Estimate this drawing' }).click();
    await page.getByLabel('Overhead (%)').fill('12');
    await page.getByRole('button', { name: 'Create estimate' }).click();
    await page.getByTestId('estimate-total').waitFor();
    const estimateId = page.url().split('/').pop()!;
    const estimate = (await (
      await page.request.get(`${baseUrl}/api/cost-estimates/${estimateId}`)
    ).json()) as {
      overhead_pct: number;
      lines: Array<{ material: string; source_ref: string; quantity: number }>;
      total: number;
    };
    assert.equal(estimate.overhead_pct, 12);
    assert.ok(estimate.lines.length > 0 && estimate.total > 0);
    // the manual area is priced as floor finish, and the page says a manual measurement is in it
    const tile = estimate.lines.find((l) => l.material === 'floor_tile')!;
    assert.ok(tile.source_ref.includes(`manual:${manual.id}`) && tile.quantity >= manual.quantity);
    await page
      .locator('tr[data-material="floor_tile"][data-manual]')
      .getByText(/1 manual measurement/)
      .waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'estimate');
    await screenshot(page, '04-estimate');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export XLSX' }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(await download.path()) as unknown as ExcelJS.Buffer);
    const lines = workbook.getWorksheet('Lines');
    assert.ok(lines, 'a Lines sheet');
    assert.equal(lines.actualRowCount - 1, estimate.lines.length);

    // automation: create a rule, see it listed with its (empty) history
    await page.getByRole('link', { name: 'Automation', exact: true }).click();
    await page.getByLabel('Name').fill('Tell me when a takeoff is ready');
    await page.getByLabel('Field').selectOption('file.size_bytes');
    await page.getByLabel('Operator').selectOption('greater_than');
    await page.getByLabel(/^Value/).fill('1000');
    await page.getByLabel('Then notify with the message').fill('Takeoff ready');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByRole('cell', { name: 'Tell me when a takeoff is ready', exact: true }).waitFor();
    await page.getByRole('cell', { name: 'file.size_bytes greater than 1000', exact: true }).waitFor();
    const rules = (await (await page.request.get(`${baseUrl}/api/automation-rules`)).json()) as {
      items: Array<{ trigger_type: string; trigger_conditions: unknown }>;
    };
    assert.deepEqual(rules.items[0], {
      ...rules.items[0],
      trigger_type: 'analysis_completed',
      trigger_conditions: { all: [{ field: 'file.size_bytes', operator: 'greater_than', value: 1000 }] },
    });
    await page.getByRole('button', { name: /History/ }).click();
    await page.getByText('This rule has not run yet').waitFor();
    // dry run: a big file's event matches, a small one's does not; nothing is stored
    const outcome = page.getByTestId('dry-run-outcome');
    await page.getByLabel('Event data (JSON)').fill(JSON.stringify({ file: { size_bytes: 5000 } }));
    await page.getByRole('button', { name: 'Dry run', exact: true }).click();
    await outcome.getByText('The rule matches').waitFor();
    await page.getByLabel('Event data (JSON)').fill(JSON.stringify({ file: { size_bytes: 10 } }));
    await page.getByRole('button', { name: 'Dry run', exact: true }).click();
    await outcome.getByText('The rule does not match').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'automation');
    await screenshot(page, '05-automation');

    // team: the owner sees the users
    await page.getByRole('link', { name: 'Team', exact: true }).click();
    await page.getByRole('cell', { name: 'viewer@example.com', exact: true }).waitFor();
    await page.getByLabel('Name (what uses it)').fill('nightly export');
    await page.getByRole('button', { name: 'Create key' }).click();
    assert.match((await page.getByTestId('new-api-key').textContent()) ?? '', /^cai_/);
    page.once('dialog', (dialog) => void dialog.accept());
    const keyRow = page.getByRole('row', { name: /nightly export/ });
    await keyRow.getByRole('button', { name: /^Revoke/ }).click();
    await keyRow.getByText(/^Revoked /).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'team');
    await screenshot(page, '06-team');

    // tablet width: the viewer stacks the takeoff under the plan
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.goto(`${baseUrl}/drawings/${fileId}`);
    await page.getByTestId('plan-canvas').waitFor();
    await page.getByRole('heading', { name: 'Takeoff' }).waitFor();
    await screenshot(page, '07-viewer-tablet');

    // a viewer reads but sees no upload or delete, and cannot estimate
    const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const viewerPage = await viewerContext.newPage();
    await signIn(viewerPage, baseUrl, 'viewer@example.com');
    await viewerPage.getByRole('link', { name: DRAWING }).waitFor();
    assert.equal(await viewerPage.getByRole('button', { name: /Choose files/ }).count(), 0);
    assert.equal(await viewerPage.getByLabel('Drawing files to upload').count(), 0);
    assert.equal(await viewerPage.getByRole('button', { name: /Delete/ }).count(), 0);
    await screenshot(viewerPage, '08-drawings-viewer-role');
    await viewerPage.getByRole('link', { name: DRAWING }).click();
    await viewerPage.getByTestId('plan-canvas').waitFor();
    assert.equal(await viewerPage.getByRole('link', { name: 'Estimate this drawing' }).count(), 0);

    // the operator console: a token, then tenants and their shards, cache, latency and queues
    const operatorPage = await viewerContext.newPage();
    await operatorPage.goto(`${baseUrl}/operator`);
    await operatorPage.getByLabel('Operator token').fill('not the token');
    await operatorPage.getByRole('button', { name: 'Open console' }).click();
    await operatorPage
      .getByRole('alert')
      .getByText(/token was refused/)
      .waitFor();
    await operatorPage.getByRole('button', { name: 'Forget token' }).click();
    await operatorPage.getByLabel('Operator token').fill(ADMIN_TOKEN);
    await operatorPage.getByRole('button', { name: 'Open console' }).click();
    await operatorPage
      .getByRole('table', { name: 'Tenants' })
      .getByRole('cell', { name: 'Browser Co' })
      .waitFor();
    assert.match(
      (await operatorPage.getByTestId('shard-placement').textContent()) ?? '',
      /shard \d+: 1 tenant/,
    );
    assert.match((await operatorPage.getByTestId('latency-all').textContent()) ?? '', /\d+ ms/);
    await operatorPage.getByRole('table', { name: 'Cache hit rates' }).getByText('all kinds').waitFor();
    assert.deepEqual(await seriousViolations(operatorPage), [], 'operator console');
    await screenshot(operatorPage, '09-operator');

    // the owner deletes the drawing: it leaves the library, which then says what to do
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('link', { name: 'Drawings', exact: true }).click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: `Delete ${DRAWING}` }).click();
    await page.getByRole('link', { name: DRAWING }).waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('row').count(), 3); // header, hatches.dxf and broken.dxf

    // sign out ends the session: the app shows the sign-in page again
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Construction AI' }).waitFor();
    assert.equal((await page.request.get(`${baseUrl}/api/auth/session`)).status(), 401);
    assert.deepEqual(pageErrors, []);
  },
);
