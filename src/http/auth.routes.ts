import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ROLES } from '../shared/roles.ts';
import {
  SessionRequiredError,
  type LiveSession,
  type SessionService,
  type UserService,
} from '../users/index.ts';
import type { FailedAuthLimiter } from './failed-auth.limiter.ts';
import { signedIn } from './auth.plugin.ts';
import { clearSessionCookie, sessionToken, setSessionCookie } from './session-cookie.ts';
import { ErrorSchema } from './schemas.ts';

/** The signed-in user as sign-in and the session show it. */
export const SessionUserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  role: Type.Union(ROLES.map((role) => Type.Literal(role))),
  tenantId: Type.String({ format: 'uuid' }),
});

const SessionSchema = Type.Object({
  user: SessionUserSchema,
  /** Send it back as header `x-csrf-token` on every write (anything but GET/HEAD). */
  csrfToken: Type.String(),
});

const tags = ['auth'];

/**
 * Sign-in for people: `POST /api/auth/login` checks the password (argon2id) and sets the `cai_session`
 * cookie, `GET /api/auth/session` says who is signed in, `POST /api/auth/logout` ends the session in every
 * process. Wrong passwords are limited per account and per client address (429 with Retry-After).
 */
export const authRoutes: FastifyPluginAsyncTypebox<{
  users: UserService;
  sessions: SessionService;
  failedAuth: FailedAuthLimiter;
  failedLogins: FailedAuthLimiter;
}> = async (app, { users, sessions, failedAuth, failedLogins }) => {
  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Sign in with email and password: sets the session cookie and returns the CSRF token',
        tags,
        security: [],
        body: Type.Object(
          {
            email: Type.String({ minLength: 1, maxLength: 254 }),
            password: Type.String({ minLength: 1, maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionSchema, 400: ErrorSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const account = email.trim().toLowerCase();
      // per address first (before any lookup), then per account; each counts the wrong passwords it sees
      const { user, tenantName } = await failedAuth.guard(request.ip, reply, () =>
        failedLogins.guard(account, reply, () => users.verify(account, password)),
      );
      const previous = sessionToken(request);
      if (previous !== undefined) await sessions.end(previous);
      const { token, session } = await sessions.start(user, tenantName);
      setSessionCookie(request, reply, token, sessions.maxAgeSeconds);
      return sessionJson(session);
    },
  );

  app.get(
    '/api/auth/session',
    {
      config: { access: 'public' },
      schema: {
        summary: 'The signed-in user and the CSRF token of the session cookie (401 when not signed in)',
        tags,
        security: [],
        response: { 200: SessionSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      const token = sessionToken(request);
      if (token === undefined) throw new SessionRequiredError();
      return sessionJson(await signedIn(sessions, failedAuth, request, reply, token));
    },
  );

  // a client may send `Content-Type: application/json` with no body: sign-out accepts it
  await app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, String(body).trim() === '' ? undefined : (JSON.parse(String(body)) as unknown));
      } catch (error) {
        done(Object.assign(error as Error, { statusCode: 400 }), undefined);
      }
    });
    scope.post(
      '/api/auth/logout',
      {
        config: { access: 'public' },
        schema: {
          summary: 'Sign out: ends the session (in every server process) and clears the cookie',
          tags,
          security: [],
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        const token = sessionToken(request);
        if (token !== undefined) await sessions.end(token);
        clearSessionCookie(request, reply);
        return reply.status(204).send(null);
      },
    );
  });
};

/** The body of sign-in and of `GET /api/auth/session`. */
function sessionJson(session: LiveSession) {
  return {
    user: { id: session.userId, email: session.email, role: session.role, tenantId: session.tenantId },
    csrfToken: session.csrfToken,
  };
}
