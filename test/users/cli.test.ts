import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { Config } from '../../src/config.ts';
import { eventually, startTestApp } from '../support/test-app.ts';
import { signIn } from '../support/sessions.ts';

const PASSWORD = 'correct horse battery';

/** Runs `construction-ai ARGS…` against the databases of a test app; resolves with its exit code and output. */
async function cli(config: Readonly<Config>, args: string[], input?: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: config.databaseUrl,
    SHARD_DATABASE_URLS: config.shardDatabaseUrls.join(','),
    DATA_DIR: config.dataDir,
    LOG_LEVEL: 'silent',
  };
  const run = promisify(execFile)(process.execPath, ['bin/construction-ai.js', ...args], { env });
  if (input !== undefined) run.child.stdin!.end(input);
  return run.then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

test('construction-ai user create, list and disable', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const tenant = await ctx.createTenant('Cli');

  await t.test('create (password as argument or on stdin) and list', async () => {
    const created = await cli(ctx.config, [
      ...['user', 'create', '--tenant', tenant.tenantId, '--email', 'Boss@Cli.example'],
      ...['--password', PASSWORD, '--role', 'owner', '--json'],
    ]);
    assert.equal(created.code, 0, created.stderr);
    assert.equal((JSON.parse(created.stdout) as { email: string }).email, 'boss@cli.example');
    const piped = await cli(
      ctx.config,
      [
        'user',
        'create',
        '--tenant',
        tenant.tenantId,
        '--email',
        'v@cli.example',
        '--password-stdin',
        '--role',
        'viewer',
      ],
      `${PASSWORD}\n`,
    );
    assert.equal(piped.code, 0, piped.stderr);
    await signIn(ctx.app, 'v@cli.example', PASSWORD); // the trailing newline is not part of the password
    const listed = await cli(ctx.config, ['user', 'list', '--tenant', tenant.tenantId, '--json']);
    const users = JSON.parse(listed.stdout) as Array<{ email: string; role: string }>;
    assert.deepEqual(
      users.map((user) => `${user.email} ${user.role}`),
      ['boss@cli.example owner', 'v@cli.example viewer'],
    );
  });

  await t.test('bad input is refused with its cause named', async () => {
    const create = ['user', 'create', '--tenant', tenant.tenantId, '--password', PASSWORD];
    const cases: Array<[string[], RegExp]> = [
      [[...create, '--email', 'x@cli.example', '--role', 'admin'], /--role must be one of/],
      [[...create, '--email', 'BOSS@cli.example', '--role', 'owner'], /already exists/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(ctx.config, args);
      assert.notEqual(result.code, 0, args.join(' '));
      assert.match(result.stderr, message);
    }
  });

  await t.test(
    '--help prints the command usage; an unknown option is a usage error, not a stack',
    async () => {
      const help = await cli(ctx.config, ['db', 'slow-queries', '--help']);
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, /db slow-queries reset/);
      assert.doesNotMatch(help.stdout, /user create/);
      const bogus = await cli(ctx.config, ['db', 'slow-queries', '--bogus']);
      assert.equal(bogus.code, 1);
      assert.match(bogus.stderr, /Unknown option '--bogus'/);
      assert.match(bogus.stderr, /db slow-queries \[--min-mean-ms/);
      assert.doesNotMatch(bogus.stderr, /TypeError|\n\s+at /);
    },
  );

  await t.test("disable ends the user's sessions and event streams in the running server", async () => {
    await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
    const session = await signIn(ctx.app, 'v@cli.example', PASSWORD);
    const response = await fetch(`${base}/api/events/stream`, { headers: session.read });
    assert.equal(response.status, 200);
    let ended = false;
    const reading = (async () => {
      for await (const _chunk of response.body!);
      ended = true;
    })();
    const disabled = await cli(ctx.config, ['user', 'disable', '--email', 'V@cli.example']);
    assert.equal(disabled.code, 0, disabled.stderr);
    await eventually(async () => (ended ? true : undefined), 5000);
    await reading;
    assert.equal((await ctx.app.inject({ url: '/api/files', headers: session.read })).statusCode, 401);
  });
});
