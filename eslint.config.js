import { readdirSync } from 'node:fs';

import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Every folder under src/ is a module; another module is imported through its public entry points only. */
const MODULES = readdirSync(new URL('./src', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
/**
 * Leaf entry points besides index.ts that db may load without loading the module (cost seed data, the
 * status lists its column types use), and test helpers.
 */
const LEAF_ENTRIES = { costs: ['./seed/index.ts'], files: ['./file-status.ts'] };
const EXTRA_ENTRIES = { ...LEAF_ENTRIES, cache: ['./testing'], redis: ['./testing'] };
/** `shared/` is the kernel (AppError) every module imports file by file; `http/` has no barrel (app.ts wires it). */
const OPEN_MODULES = new Set(['shared', 'http']);

/** The domain modules: pure logic and repositories over what they are given. */
const DOMAIN = [
  'tenants',
  'users',
  'files',
  'analysis',
  'costs',
  'automation',
  'quotas',
  'webhooks',
  'analytics',
];
const domainFiles = DOMAIN.map((name) => `src/${name}/**/*.ts`);
/** Infrastructure modules: they serve the domain and never load it (importing db must not load costs). */
const INFRASTRUCTURE_MODULES = ['db', 'cache', 'jobs', 'events', 'observability', 'shared'];
/** Infrastructure a domain module is handed, never imports (ioredis: see src/redis, its own rule to come). */
const INFRASTRUCTURE = [
  { name: 'fastify', message: 'Domain modules do not know HTTP; the routes in src/http/ call them.' },
  { name: 'pg', message: 'Domain modules do not open connections; they are given a Kysely instance.' },
  { name: 'pg-boss', message: 'Only src/jobs/ talks to the queue; take a JobQueue.' },
];
const FASTIFY_PLUGINS = {
  group: ['@fastify/*', 'fastify-*'],
  message: 'Domain modules do not know HTTP; the routes in src/http/ call them.',
};
/** Only src/redis/ opens Redis connections; the rest is given a RedisConnection or RedisClient. */
const IOREDIS = { name: 'ioredis', message: 'Only src/redis/ imports ioredis; take a RedisConnection.' };
/** The HTTP layer is imported by itself and by app.ts, server.ts and main.ts only. */
const HTTP_LAYER = (up) => ({
  regex: `^${up}http/`,
  message: 'Only src/http/, app.ts, server.ts and main.ts import the HTTP layer.',
});
const SQL_OUTSIDE_REPOSITORIES = {
  name: 'kysely',
  allowTypeImports: true,
  message: 'Only *.repository.ts files build SQL; services take Kysely/Transaction as types.',
};

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'coverage', '**/*.js', '**/*.mjs', 'web/src/api/schema.d.ts'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver()],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      // node:test's describe/it/test return promises the runner itself tracks.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // Fastify plugins, hooks and interface implementations are async by contract, awaiting or not.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Runtime import cycles (import-x skips `import type`, which cannot fail at load time).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['src/*/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...MODULES.flatMap((target) =>
              MODULES.filter((from) => from !== target && !OPEN_MODULES.has(from)).map((from) => ({
                target: `./src/${target}`,
                from: `./src/${from}`,
                except: ['./index.ts', ...(EXTRA_ENTRIES[from] ?? [])],
                message: `Import src/${from}/ through its index.ts.`,
              })),
            ),
            ...INFRASTRUCTURE_MODULES.flatMap((target) =>
              DOMAIN.map((from) => ({
                target: `./src/${target}`,
                from: `./src/${from}`,
                except: LEAF_ENTRIES[from] ?? [],
                message: `Infrastructure (src/${target}/) does not depend on the domain (src/${from}/).`,
              })),
            ),
          ],
        },
      ],
      // The write side and the workers never reach into the HTTP layer; ioredis stays in src/redis/.
      'no-restricted-imports': ['error', { paths: [IOREDIS], patterns: [HTTP_LAYER('(\\.\\./)+')] }],
    },
  },
  {
    files: domainFiles,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [...INFRASTRUCTURE, SQL_OUTSIDE_REPOSITORIES], patterns: [FASTIFY_PLUGINS] },
      ],
    },
  },
  {
    files: DOMAIN.map((name) => `src/${name}/**/*.repository.ts`),
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: INFRASTRUCTURE, patterns: [FASTIFY_PLUGINS] },
      ],
    },
  },
  {
    files: ['src/redis/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [HTTP_LAYER('(\\.\\./)+')] }] },
  },
  {
    // the composition root and the other top-level files, but not the HTTP entry points
    files: ['src/*.ts'],
    ignores: ['src/app.ts', 'src/server.ts', 'src/main.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [IOREDIS], patterns: [HTTP_LAYER('\\./')] }] },
  },
  {
    // the MCP server is a client of the public HTTP API: shared constants and types only, never the server
    files: ['src/mcp/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [IOREDIS],
          patterns: [
            {
              regex:
                '^\\.\\./(db|cache|jobs|redis|events|rate-limit|observability|tenants|costs|automation|quotas|webhooks|http)/|^\\.\\./(deps|app|server|infrastructure)\\.ts$',
              message: 'src/mcp/ reaches the platform over its HTTP API only (ApiClient).',
            },
            {
              group: ['fastify', 'pg', 'pg-boss', 'kysely'],
              message: 'src/mcp/ is an HTTP client, not a server.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'loadtest/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [IOREDIS] }] },
  },
);
