import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { errorBody } from './errors.plugin.ts';

/** Where `vite build` writes the web app (`web/dist`, beside `src/`). */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Hashed build output: a name never changes content, so a browser or CDN may keep it for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The app shell: a policy that allows only this origin's scripts, styles, images and API calls, never
 * framing. `style-src 'unsafe-inline'` is for React's `style` attributes (positions of overlays).
 */
const SHELL_HEADERS = {
  'cache-control': 'no-cache',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/**
 * A client-side route of the app: lowercase words and ids separated by single slashes, as the app's own
 * router makes them. Anything else (`/api/…`, encoded or dotted targets, file names) is no page of the app
 * and keeps the API's JSON 404, so a mistyped API call never comes back as HTML with 200.
 */
const CLIENT_ROUTE = /^\/(?:[a-z][a-z-]*(?:\/[0-9a-z-]+)*)?\/?$/;
const RESERVED_FIRST_SEGMENTS = new Set(['api', 'docs', 'assets', 'health', 'ready', 'metrics']);

/** Whether a raw request target (path and query) names a page of the single-page app. */
export function isClientRoute(url: string): boolean {
  const path = url.split('?', 1)[0] ?? '';
  if (!CLIENT_ROUTE.test(path)) return false;
  return !RESERVED_FIRST_SEGMENTS.has(path.split('/')[1] ?? '');
}

/**
 * Serves the estimator's web app built into `distDir`: hashed files under `/assets/` as immutable, and
 * `index.html` (`no-cache`, so a new build is picked up at once) for `/` and every client-side route.
 * Unknown API routes and missing assets keep the JSON 404. Without a build, pages answer 503 saying how to
 * build it, and the API works as before.
 */
export const webAppPlugin: FastifyPluginAsync<{ distDir?: string }> = async (app, options) => {
  const distDir = options.distDir ?? WEB_DIST_DIR;
  const built = existsSync(`${distDir}/index.html`);
  // every route this plugin adds (the static plugin's included) is for anyone: the app holds no data
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: 'public' };
  });
  await app.register(fastifyStatic, {
    root: `${distDir}/assets`,
    prefix: '/assets/',
    wildcard: true,
    index: false,
    cacheControl: false,
    serve: built,
    // sendFile of the shell goes through here too: only the hashed files are immutable
    setHeaders: (reply, path) => {
      const hashed = path.startsWith(`${distDir}/assets/`);
      void reply.headers({
        'cache-control': hashed ? IMMUTABLE : 'no-cache',
        'x-content-type-options': 'nosniff',
      });
    },
  });

  const shell = async (url: string, reply: FastifyReply) => {
    if (!isClientRoute(url)) return reply.callNotFound();
    if (!built) {
      const message = 'the web app is not built: run `npm run build:web` (npm start builds it)';
      return reply.status(503).send(errorBody(503, 'WEB_APP_NOT_BUILT', message));
    }
    return reply.headers(SHELL_HEADERS).sendFile('index.html', distDir);
  };
  // `/*` also matches `/`; a separate `/` route would turn printRoutes' tree into relative paths
  app.get('/*', { schema: { hide: true } }, async (request, reply) => shell(request.url, reply));
};
