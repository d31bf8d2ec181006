import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, describeError } from '../api/client.ts';
import type { Role } from '../api/types.ts';
import { formatDate } from '../format.ts';
import { useIsOwner, useSession } from '../session.tsx';

interface Me {
  tenantId: string;
  name: string;
  quotas: Record<string, { limit: number; used: number }>;
}

interface TeamUser {
  id: string;
  email: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

const ROLES: Array<{ value: Role; label: string }> = [
  { value: 'owner', label: 'Owner (manages users, keys, rules)' },
  { value: 'estimator', label: 'Estimator (uploads, estimates)' },
  { value: 'viewer', label: 'Viewer (reads)' },
];

/** The team: users and roles (owners), usage and quotas, API keys. */
export function TeamPage() {
  const isOwner = useIsOwner();
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<Me>('/api/me').then(setMe, (e: unknown) =>
      setError(`The tenant could not be loaded: ${describeError(e)}`),
    );
  }, []);
  return (
    <main id="main" className="page">
      <h1>Team</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {me && (
        <p>
          Tenant <strong>{me.name}</strong> (<code>{me.tenantId}</code>)
        </p>
      )}
      {isOwner ? <Users /> : <p className="hint">Only owners manage users and API keys.</p>}
      {me && (
        <section aria-labelledby="usage-title">
          <h2 id="usage-title">Usage and quotas</h2>
          <table className="data" aria-label="Quotas">
            <thead>
              <tr>
                <th scope="col">Quota</th>
                <th scope="col" className="num">
                  Used
                </th>
                <th scope="col" className="num">
                  Limit
                </th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(me.quotas).map(([name, q]) => (
                <tr key={name}>
                  <td>{name.replace(/_/g, ' ')}</td>
                  <td className="num">{q.used}</td>
                  <td className="num">{q.limit}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {isOwner && <ApiKeys />}
    </main>
  );
}

function Users() {
  const { user: self } = useSession();
  const [users, setUsers] = useState<TeamUser[]>();
  const [error, setError] = useState<string>();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('estimator');
  const [done, setDone] = useState<string>();

  const load = useCallback(async () => {
    try {
      setUsers((await api<{ items: TeamUser[] }>('/api/users')).items);
    } catch (e) {
      setError(`The users could not be loaded: ${describeError(e)}`);
    }
  }, []);
  useEffect(() => void load(), [load]);

  const change = async (user: TeamUser, body: { role?: Role; disabled?: boolean }) => {
    setError(undefined);
    try {
      await api(`/api/users/${user.id}`, { method: 'PATCH', body });
      await load();
    } catch (e) {
      setError(`${user.email} could not be changed: ${describeError(e)}`);
    }
  };
  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setDone(undefined);
    try {
      await api('/api/users', { method: 'POST', body: { email, password, role } });
      setDone(`${email} can now sign in with the password you chose.`);
      setEmail('');
      setPassword('');
      await load();
    } catch (e) {
      setError(`The user could not be added: ${describeError(e)}`);
    }
  };

  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {users && (
        <table className="data" aria-label="Users">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Since</th>
              <th scope="col">Access</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>
                  <select
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    disabled={u.id === self?.id}
                    onChange={(e) => void change(u, { role: e.target.value as Role })}
                  >
                    {ROLES.map((r) => (
                      <option key={r.value} value={r.value}>
                        {r.value}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{formatDate(u.createdAt)}</td>
                <td>
                  {u.id === self?.id ? (
                    'You'
                  ) : (
                    <button type="button" onClick={() => void change(u, { disabled: !u.disabled })}>
                      {u.disabled ? 'Enable' : 'Disable'}
                      <span className="visually-hidden"> {u.email}</span>
                    </button>
                  )}
                  {u.disabled && <span className="hint"> (disabled)</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="form" onSubmit={(e) => void add(e)} aria-labelledby="add-user-title">
        <h3 id="add-user-title">Add a user</h3>
        <label htmlFor="new-email">Email</label>
        <input
          id="new-email"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="new-password">First password</label>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <label htmlFor="new-role">Role</label>
        <select id="new-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
        {done && <p role="status">{done}</p>}
        <button type="submit" className="primary">
          Add user
        </button>
      </form>
    </section>
  );
}

interface ApiKey {
  id: string;
  prefix: string;
  name: string | null;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
}

function ApiKeys() {
  const [keys, setKeys] = useState<ApiKey[]>();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('estimator');
  const [created, setCreated] = useState<string>();
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    try {
      setKeys((await api<{ items: ApiKey[] }>('/api/api-keys')).items);
    } catch (e) {
      setError(`The API keys could not be loaded: ${describeError(e)}`);
    }
  }, []);
  useEffect(() => void load(), [load]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const key = await api<{ apiKey: string }>('/api/api-keys', {
        method: 'POST',
        body: { ...(name ? { name } : {}), role },
      });
      setCreated(key.apiKey);
      setName('');
      await load();
    } catch (e) {
      setError(`The key could not be created: ${describeError(e)}`);
    }
  };
  const revoke = async (key: ApiKey) => {
    if (!window.confirm(`Revoke the key ${key.prefix}? Machines using it stop working at once.`)) return;
    try {
      await api(`/api/api-keys/${key.id}`, { method: 'DELETE' });
      await load();
    } catch (e) {
      setError(`The key could not be revoked: ${describeError(e)}`);
    }
  };

  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <p className="hint">API keys are for machines: scripts, integrations, the MCP server.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {created && (
        <p role="status" className="trace">
          New key (shown only now, copy it): <code data-testid="new-api-key">{created}</code>
        </p>
      )}
      {keys?.length === 0 && (
        <p className="empty">No API keys yet. Create one below for a script or integration.</p>
      )}
      {keys && keys.length > 0 && (
        <table className="data" aria-label="API keys">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Name</th>
              <th scope="col">Acts as</th>
              <th scope="col">Created</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{k.name ?? '—'}</td>
                <td>{k.role}</td>
                <td>{formatDate(k.createdAt)}</td>
                <td>
                  {k.revokedAt ? (
                    `Revoked ${formatDate(k.revokedAt)}`
                  ) : (
                    <button type="button" className="danger" onClick={() => void revoke(k)}>
                      Revoke<span className="visually-hidden"> key {k.prefix}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="form" onSubmit={(e) => void create(e)} aria-labelledby="new-key-title">
        <h3 id="new-key-title">Create an API key</h3>
        <label htmlFor="key-name">Name (what uses it)</label>
        <input id="key-name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="key-role">Acts as</label>
        <select id="key-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
        <button type="submit" className="primary">
          Create key
        </button>
      </form>
    </section>
  );
}
