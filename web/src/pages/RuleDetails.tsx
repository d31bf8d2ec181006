import { useCallback, useEffect, useState } from 'react';
import { api, describeError } from '../api/client.ts';
import type { DryRun, Rule, RuleRun } from '../api/types.ts';
import { formatDate } from '../format.ts';
import { useCanEdit, useIsOwner } from '../session.tsx';

/** The `data` of a run's event, to dry-run the rule against it again. */
function eventData(run: RuleRun | undefined): string {
  const event = run?.event as { data?: unknown } | null | undefined;
  return JSON.stringify(event?.data ?? {}, null, 2);
}

/** An attempt's error in words. */
function describeAttemptError(error: unknown): string {
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : JSON.stringify(error);
}

/** One rule opened: a dry run against its most recent event, its runs with every attempt, replay, secret. */
export function RuleDetails({ rule }: { rule: Rule }) {
  const [runs, setRuns] = useState<RuleRun[]>();
  const [error, setError] = useState<string>();
  const load = useCallback(async () => {
    try {
      setRuns((await api<{ items: RuleRun[] }>(`/api/automation-rules/${rule.id}/runs`)).items);
    } catch (e) {
      setError(`The history could not be loaded: ${describeError(e)}`);
    }
  }, [rule.id]);
  useEffect(() => void load(), [load]);
  const hasWebhook = rule.actions.some((a) => (a as { type?: unknown }).type === 'webhook');
  return (
    <section aria-labelledby="rule-title" className="rule-details">
      <h2 id="rule-title">{rule.name}</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {runs && <DryRunForm rule={rule} initial={eventData(runs[0])} recent={runs.length > 0} />}
      {hasWebhook && <SecretRotation rule={rule} />}
      <RunHistory rule={rule} runs={runs} onReplayed={load} />
    </section>
  );
}

/** Dry run: the rule against event data (the most recent event's, editable); nothing is stored or sent. */
function DryRunForm({ rule, initial, recent }: { rule: Rule; initial: string; recent: boolean }) {
  const canTest = useCanEdit();
  const [data, setData] = useState(initial);
  const [outcome, setOutcome] = useState<DryRun>();
  const [error, setError] = useState<string>();
  if (!canTest) return null;
  const run = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      setError('The event data is not JSON: check the braces and quotes.');
      return;
    }
    try {
      setOutcome(
        await api<DryRun>(`/api/automation-rules/${rule.id}/test`, {
          method: 'POST',
          body: { data: parsed },
        }),
      );
      setError(undefined);
    } catch (e) {
      setError(`The dry run failed: ${describeError(e)}`);
    }
  };
  return (
    <div className="dry-run">
      <h3>Dry run</h3>
      <label>
        Event data (JSON)
        <textarea rows={5} value={data} onChange={(e) => setData(e.target.value)} />
      </label>
      <p className="hint">
        {recent
          ? 'Filled in from the most recent event this rule saw; change it to try other cases.'
          : `No ${rule.trigger_type} event yet: type the data of a sample event.`}
      </p>
      <button type="button" onClick={() => void run()}>
        Dry run
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {outcome && (
        <div role="status" data-testid="dry-run-outcome" data-matched={outcome.matched}>
          <p>
            <strong>{outcome.matched ? 'The rule matches' : 'The rule does not match'}</strong>
            {outcome.blocked && ` but would not run: ${outcome.blocked}`}
            {outcome.matched && !outcome.blocked && `; it would run ${outcome.would_run.length} action(s).`}
          </p>
          <details>
            <summary>Why (the condition trace)</summary>
            <pre>{JSON.stringify(outcome.trace, null, 2)}</pre>
          </details>
        </div>
      )}
    </div>
  );
}

/** A new webhook secret, shown once; the previous one keeps signing for 24 hours. */
function SecretRotation({ rule }: { rule: Rule }) {
  const isOwner = useIsOwner();
  const [secret, setSecret] = useState<string>();
  const [error, setError] = useState<string>();
  if (!isOwner) return null;
  const rotate = async () => {
    if (!window.confirm(`Issue a new webhook secret for "${rule.name}"?`)) return;
    try {
      const answer = await api<{ webhook_secret: string }>(
        `/api/automation-rules/${rule.id}/webhook-secret/rotate`,
        { method: 'POST' },
      );
      setSecret(answer.webhook_secret);
      setError(undefined);
    } catch (e) {
      setError(`The secret was not rotated: ${describeError(e)}`);
    }
  };
  return (
    <div className="secret">
      <h3>Webhook secret</h3>
      <button type="button" onClick={() => void rotate()}>
        Rotate webhook secret
      </button>
      {secret && (
        <p role="status">
          New secret (shown once; messages are signed with the old one too for 24 hours):{' '}
          <code data-testid="new-webhook-secret">{secret}</code>
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The rule's runs, each action with every attempt; a dead action can be replayed by an owner. */
function RunHistory({
  rule,
  runs,
  onReplayed,
}: {
  rule: Rule;
  runs?: RuleRun[];
  onReplayed: () => Promise<void>;
}) {
  const isOwner = useIsOwner();
  const [error, setError] = useState<string>();
  const replay = async (run: RuleRun, index: number) => {
    try {
      await api(`/api/automation-rules/${rule.id}/runs/${run.id}/actions/${index}/replay`, {
        method: 'POST',
      });
      await onReplayed();
      setError(undefined);
    } catch (e) {
      setError(`The action was not replayed: ${describeError(e)}`);
    }
  };
  return (
    <div>
      <h3>Runs</h3>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {runs?.length === 0 && (
        <p className="empty">This rule has not run yet: it runs when its event next happens.</p>
      )}
      {runs && runs.length > 0 && (
        <table className="data" aria-label={`Runs of ${rule.name}`}>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Matched</th>
              <th scope="col">Status</th>
              <th scope="col">Actions and attempts</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td>{formatDate(run.created_at)}</td>
                <td>{run.matched ? 'yes' : 'no'}</td>
                <td>{run.status}</td>
                <td>
                  {run.actions.length === 0 && '—'}
                  <ul className="attempts">
                    {run.actions.map((a) => (
                      <li key={a.index}>
                        {a.type.replace('_', ' ')}: {a.status} after {a.attempts} attempt(s)
                        {a.status === 'dead' && isOwner && (
                          <button type="button" className="small" onClick={() => void replay(run, a.index)}>
                            Replay
                          </button>
                        )}
                        {a.attempt_history.length > 0 && (
                          <ol>
                            {a.attempt_history.map((t) => (
                              <li key={t.attempt}>
                                {formatDate(t.started_at)}: {t.ok ? 'ok' : 'failed'}
                                {t.response_status !== null && ` (HTTP ${t.response_status})`},{' '}
                                {t.duration_ms} ms
                                {!t.ok && t.error !== null && ` — ${describeAttemptError(t.error)}`}
                              </li>
                            ))}
                          </ol>
                        )}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
