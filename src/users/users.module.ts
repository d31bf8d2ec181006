import type { Kysely } from 'kysely';
import { NotificationListener, type ControlTables } from '../db/index.ts';
import type { TenantService } from '../tenants/index.ts';
import { SessionService, type SessionLifetimes } from './session.service.ts';
import { SESSIONS_ENDED_CHANNEL, parseSessionsEnded, UserRepository } from './user.repository.ts';
import { UserService } from './user.service.ts';

/** What the users module is built from. */
export interface UsersModuleDeps {
  control: Kysely<ControlTables>;
  tenants: Pick<TenantService, 'getTenant'>;
  sessions: SessionLifetimes;
  /** The control database's URL, to hear ended sessions on a connection of its own; none: do not listen (CLI). */
  controlUrl?: string;
  log: (line: string) => void;
}

/** The users module: users, their sessions, and `close` to stop hearing of ended sessions. */
export interface Users {
  users: UserService;
  sessions: SessionService;
  close(): Promise<void>;
}

/** Builds the user and session services; with `controlUrl`, starts hearing sessions ended by any process. */
export async function createUsers(d: UsersModuleDeps): Promise<Users> {
  const repository = new UserRepository(d.control);
  const users = new UserService(repository, d.tenants);
  const sessions = new SessionService(repository, d.sessions);
  if (d.controlUrl === undefined) return { users, sessions, close: async () => undefined };
  // Logouts and disabled users, from any process or the CLI, reach this one within milliseconds.
  const listener = await NotificationListener.start(d.controlUrl, SESSIONS_ENDED_CHANNEL, {
    onNotification: (payload) => {
      const ended = parseSessionsEnded(payload);
      if (ended) sessions.ended(ended);
    },
    onGap: () => sessions.resync(),
    log: d.log,
  });
  return { users, sessions, close: () => listener.close() };
}
