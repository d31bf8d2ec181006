import { sql, type Kysely, type Selectable } from 'kysely';
import type { ControlTables } from '../db/index.ts';
import type { Role } from '../shared/roles.ts';

/** PostgreSQL channel on which ended sessions are announced, committed with the change (see `SessionsEnded`). */
export const SESSIONS_ENDED_CHANNEL = 'user_sessions_ended';

/**
 * What a `SESSIONS_ENDED_CHANNEL` notification says: one session of a user ended (`sessionId` and its token
 * digest in hex), or, without them, every session of the user must be reloaded (disabled: they are revoked;
 * role changed: they act with the new role).
 */
export interface SessionsEnded {
  userId: string;
  sessionId?: string;
  tokenHash?: string;
}

/** The ended sessions of a `SESSIONS_ENDED_CHANNEL` payload, or undefined when it is not one. */
export function parseSessionsEnded(payload: string): SessionsEnded | undefined {
  try {
    const { userId, sessionId, tokenHash } = JSON.parse(payload) as Record<string, unknown>;
    if (typeof userId !== 'string') return undefined;
    if (typeof sessionId === 'string' && typeof tokenHash === 'string')
      return { userId, sessionId, tokenHash };
    return { userId };
  } catch {
    return undefined;
  }
}

/** A user as the API shows it (never the password hash). */
export interface User {
  id: string;
  tenantId: string;
  email: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
}

/** A user with the hash to check a password against. */
export interface UserCredentials extends User {
  passwordHash: string;
}

/** A session as loaded for a request: the session, its user and tenant. */
export interface SessionRow {
  id: string;
  userId: string;
  tenantId: string;
  tenantName: string;
  email: string;
  role: Role;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

type UserRow = Selectable<ControlTables['users']>;

/** Users and their sessions in the control database. */
export class UserRepository {
  constructor(private readonly db: Kysely<ControlTables>) {}

  /** Inserts a user; false when the email is taken. */
  async create(user: {
    id: string;
    tenantId: string;
    email: string;
    passwordHash: string;
    role: Role;
  }): Promise<boolean> {
    const row = await this.db
      .insertInto('users')
      .values({
        id: user.id,
        tenant_id: user.tenantId,
        email: user.email,
        password_hash: user.passwordHash,
        role: user.role,
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async get(tenantId: string, userId: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', userId)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async list(tenantId: string): Promise<User[]> {
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toUser);
  }

  /** The user with this (lower-cased) email, enabled or not, with its password hash. */
  async getCredentials(email: string): Promise<UserCredentials | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row && { ...toUser(row), passwordHash: row.password_hash };
  }

  /**
   * Changes a user's role or disabled flag, refusing (`'last-owner'`) a change that leaves the tenant with
   * no enabled owner (unless `mayLeaveNoOwner`: the operator). The tenant's users are locked meanwhile, so two owners demoting each other cannot
   * both succeed. Every session of the user is announced ended (a role change reloads them; disabling
   * also revokes them).
   */
  async update(
    tenantId: string,
    userId: string,
    change: { role?: Role; disabled?: boolean },
    options: { mayLeaveNoOwner?: boolean } = {},
  ): Promise<User | 'last-owner' | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const users = await trx
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .forUpdate()
        .execute();
      const current = users.find((user) => user.id === userId);
      if (!current) return undefined;
      const role = change.role ?? (current.role as Role);
      const disabledAt =
        change.disabled === undefined ? current.disabled_at : change.disabled ? new Date() : null;
      const keepsOwner = users.some((user) =>
        user.id === userId
          ? role === 'owner' && disabledAt === null
          : user.role === 'owner' && !user.disabled_at,
      );
      const wasOwner = current.role === 'owner' && current.disabled_at === null;
      if (wasOwner && !keepsOwner && !options.mayLeaveNoOwner) return 'last-owner';
      const row = await trx
        .updateTable('users')
        .set({
          role,
          disabled_at: current.disabled_at && disabledAt ? current.disabled_at : disabledAt,
          updated_at: new Date(),
        })
        .where('id', '=', userId)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (disabledAt !== null) {
        await trx
          .updateTable('user_sessions')
          .set({ revoked_at: new Date() })
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .execute();
      }
      await notify(trx, { userId });
      return toUser(row);
    });
  }

  async createSession(session: {
    id: string;
    tokenHash: Buffer;
    userId: string;
    csrfToken: string;
    expiresAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto('user_sessions')
      .values({
        id: session.id,
        token_hash: session.tokenHash,
        user_id: session.userId,
        csrf_token: session.csrfToken,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  /**
   * The live session with this token digest: not revoked, not past its absolute expiry, its user enabled.
   * Idle expiry is decided by the caller from `lastSeenAt`.
   */
  async getLiveSession(tokenHash: Buffer): Promise<SessionRow | undefined> {
    const row = await this.db
      .selectFrom('user_sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .innerJoin('tenants as t', 't.id', 'u.tenant_id')
      .select([
        's.id',
        's.user_id',
        's.csrf_token',
        's.created_at',
        's.last_seen_at',
        's.expires_at',
        'u.tenant_id',
        'u.email',
        'u.role',
        't.name as tenant_name',
      ])
      .where('s.token_hash', '=', tokenHash)
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', sql<Date>`now()`)
      .where('u.disabled_at', 'is', null)
      .executeTakeFirst();
    return (
      row && {
        id: row.id,
        userId: row.user_id,
        tenantId: row.tenant_id,
        tenantName: row.tenant_name,
        email: row.email,
        role: row.role as Role,
        csrfToken: row.csrf_token,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
      }
    );
  }

  /** Records activity on a live session. */
  async touchSession(sessionId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('user_sessions')
      .set({ last_seen_at: at })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .where('last_seen_at', '<', at)
      .execute();
  }

  /** Revokes the session with this token digest and announces it; false when there was none live. */
  async revokeSession(tokenHash: Buffer): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('user_sessions')
        .set({ revoked_at: new Date() })
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .returning(['id', 'user_id'])
        .executeTakeFirst();
      if (row)
        await notify(trx, { userId: row.user_id, sessionId: row.id, tokenHash: tokenHash.toString('hex') });
      return row !== undefined;
    });
  }

  /** Deletes sessions that ended more than a day ago; returns how many. */
  async pruneSessions(): Promise<number> {
    const result = await this.db
      .deleteFrom('user_sessions')
      .where((eb) =>
        eb.or([
          eb('expires_at', '<', sql<Date>`now() - interval '1 day'`),
          eb('revoked_at', '<', sql<Date>`now() - interval '1 day'`),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

async function notify(db: Kysely<ControlTables>, ended: SessionsEnded): Promise<void> {
  await sql`SELECT pg_notify(${SESSIONS_ENDED_CHANNEL}, ${JSON.stringify(ended)})`.execute(db);
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    role: row.role as Role,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
  };
}
