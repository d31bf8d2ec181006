// The signed-in user: read once from the session cookie, kept in a context, cleared on sign-out.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, api, setCsrfToken } from './api/client.ts';
import type { Role, Session, SessionUser } from './api/types.ts';

interface SessionState {
  /** undefined while the session is being read; null when signed out. */
  user: SessionUser | null | undefined;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

/** Provides the session to the app. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const accept = useCallback((session: Session | null) => {
    setCsrfToken(session?.csrfToken);
    setUser(session?.user ?? null);
  }, []);

  useEffect(() => {
    api<Session>('/api/auth/session').then(accept, (error: unknown) => {
      if (!(error instanceof ApiError) || error.status !== 401) console.warn('session check failed', error);
      accept(null);
    });
  }, [accept]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      accept(await api<Session>('/api/auth/login', { method: 'POST', body: { email, password } }));
    },
    [accept],
  );
  const signOut = useCallback(async () => {
    try {
      await api('/api/auth/logout', { method: 'POST' });
    } finally {
      accept(null);
    }
  }, [accept]);

  return <SessionContext.Provider value={{ user, signIn, signOut }}>{children}</SessionContext.Provider>;
}

/** The session state of the app. */
export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

const WRITERS: readonly Role[] = ['owner', 'estimator'];

/** Whether the signed-in user may change data (upload, delete, estimate, rules). */
export function useCanEdit(): boolean {
  const { user } = useSession();
  return user !== null && user !== undefined && WRITERS.includes(user.role);
}

/** Whether the signed-in user manages the team (users and API keys). */
export function useIsOwner(): boolean {
  return useSession().user?.role === 'owner';
}
