import { useEffect, useState } from 'react';
import { api, describeError } from '../api/client.ts';

interface Me {
  tenantId: string;
  name: string;
  quotas: Record<string, { limit: number; used: number }>;
}

/** The team: tenant, usage and quotas, API keys. */
export function TeamPage() {
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
        <>
          <p>
            Tenant <strong>{me.name}</strong> (<code>{me.tenantId}</code>)
          </p>
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
        </>
      )}
      <section aria-labelledby="keys-title">
        <h2 id="keys-title">API keys</h2>
        <p>
          API keys are for machines (scripts, the MCP server). Create one with{' '}
          <code>npx construction-ai apikey create {me?.tenantId ?? 'TENANT_ID'}</code> and revoke it with{' '}
          <code>npx construction-ai apikey revoke KEY_ID</code>.
        </p>
      </section>
    </main>
  );
}
