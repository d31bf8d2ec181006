import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';

/** A signed-in browser's credentials: the cookie header and the CSRF token for writes. */
export interface SignedIn {
  cookie: string;
  csrfToken: string;
  user: { id: string; email: string; role: string; tenantId: string };
  /** Headers of a read (the cookie only). */
  read: { cookie: string };
  /** Headers of a write (the cookie and the CSRF token). */
  write: { cookie: string; 'x-csrf-token': string };
}

/** Signs in through `POST /api/auth/login`, asserting 200, and returns what a browser would hold. */
export async function signIn(app: FastifyInstance, email: string, password: string): Promise<SignedIn> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  assert.equal(response.statusCode, 200, response.body);
  const cookie = sessionCookieOf(response.headers['set-cookie']);
  assert.ok(cookie, 'sign-in sets the session cookie');
  const { csrfToken, user } = response.json<Pick<SignedIn, 'csrfToken' | 'user'>>();
  return { cookie, csrfToken, user, read: { cookie }, write: { cookie, 'x-csrf-token': csrfToken } };
}

/** `cai_session=<token>` from a response's Set-Cookie header(s), or undefined. */
export function sessionCookieOf(setCookie: string | string[] | undefined): string | undefined {
  const headers = Array.isArray(setCookie) ? setCookie : setCookie === undefined ? [] : [setCookie];
  const match = headers.map((header) => /^(cai_session=[^;]+)/.exec(header)).find(Boolean);
  return match?.[1];
}
