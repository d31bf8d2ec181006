import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, describeError } from '../api/client.ts';
import type { Rule, RuleRun } from '../api/types.ts';
import { formatDate } from '../format.ts';
import { useCanEdit } from '../session.tsx';

const TRIGGERS = [
  { value: 'file_uploaded', label: 'A drawing is uploaded' },
  { value: 'analysis_completed', label: 'A takeoff is completed' },
  { value: 'cost_estimated', label: 'An estimate is made' },
];
const OPERATORS = ['equals', 'not_equals', 'contains', 'starts_with', 'greater_than', 'less_than'];

/** The trigger catalog, when the server publishes one: fields per trigger type. */
interface TriggerCatalog {
  items: Array<{ type: string; fields: Array<{ name: string }> }>;
}

/** Automation rules: list, create, enable/disable, run history. */
export function AutomationPage() {
  const canEdit = useCanEdit();
  const [rules, setRules] = useState<Rule[]>();
  const [selected, setSelected] = useState<string>();
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    try {
      setRules((await api<{ items: Rule[] }>('/api/automation-rules')).items);
    } catch (e) {
      setError(`The rules could not be loaded: ${describeError(e)}`);
    }
  }, []);
  useEffect(() => void load(), [load]);

  const setActive = async (rule: Rule, active: boolean) => {
    try {
      await api(`/api/automation-rules/${rule.id}/${active ? 'enable' : 'disable'}`, { method: 'POST' });
      await load();
    } catch (e) {
      setError(`${rule.name} could not be ${active ? 'enabled' : 'disabled'}: ${describeError(e)}`);
    }
  };

  return (
    <main id="main" className="page">
      <h1>Automation</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {canEdit && <NewRule onCreated={() => void load()} />}
      <h2>Rules</h2>
      {rules?.length === 0 && (
        <p className="empty">
          No rules yet.{' '}
          {canEdit
            ? 'Create one above, e.g. a notification when a takeoff is completed.'
            : 'An estimator or owner creates them.'}
        </p>
      )}
      {rules && rules.length > 0 && (
        <table className="data" aria-label="Rules">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">When</th>
              <th scope="col">Does</th>
              <th scope="col">State</th>
              <th scope="col">Runs</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td>{TRIGGERS.find((t) => t.value === r.trigger_type)?.label ?? r.trigger_type}</td>
                <td>{r.actions.map((a) => a.type.replace('_', ' ')).join(', ')}</td>
                <td>
                  {canEdit ? (
                    <label>
                      <input
                        type="checkbox"
                        checked={r.is_active}
                        onChange={(e) => void setActive(r, e.target.checked)}
                      />
                      {r.is_active ? 'Enabled' : 'Disabled'}
                    </label>
                  ) : r.is_active ? (
                    'Enabled'
                  ) : (
                    'Disabled'
                  )}
                  {r.disabled_reason && <span className="hint"> ({r.disabled_reason})</span>}
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() => setSelected(selected === r.id ? undefined : r.id)}
                    aria-expanded={selected === r.id}
                  >
                    History<span className="visually-hidden"> of {r.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && <RunHistory ruleId={selected} name={rules?.find((r) => r.id === selected)?.name ?? ''} />}
    </main>
  );
}

function NewRule({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [trigger, setTrigger] = useState('analysis_completed');
  const [field, setField] = useState('');
  const [operator, setOperator] = useState('equals');
  const [value, setValue] = useState('');
  const [message, setMessage] = useState('');
  const [catalog, setCatalog] = useState<TriggerCatalog>();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();

  useEffect(() => {
    api<TriggerCatalog>('/api/automation-triggers').then(setCatalog, () => setCatalog(undefined));
  }, []);
  const fields = catalog?.items.find((t) => t.type === trigger)?.fields.map((f) => f.name) ?? [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setDone(undefined);
    const numeric = ['greater_than', 'less_than'].includes(operator);
    const conditions = field
      ? { all: [{ field, operator, value: numeric ? Number(value) : value }] }
      : { all: [] };
    try {
      await api('/api/automation-rules', {
        method: 'POST',
        body: {
          name,
          trigger_type: trigger,
          trigger_conditions: conditions,
          actions: [{ type: 'send_notification', message }],
        },
      });
      setDone(`Rule “${name}” created.`);
      setName('');
      setMessage('');
      onCreated();
    } catch (e) {
      setError(`The rule could not be created: ${describeError(e)}`);
    }
  };

  return (
    <form className="form rule-form" onSubmit={(e) => void submit(e)} aria-labelledby="new-rule-title">
      <h2 id="new-rule-title">New rule</h2>
      <label htmlFor="rule-name">Name</label>
      <input id="rule-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      <label htmlFor="rule-trigger">When</label>
      <select id="rule-trigger" value={trigger} onChange={(e) => setTrigger(e.target.value)}>
        {TRIGGERS.map((t) => (
          <option key={t.value} value={t.value}>
            {t.label}
          </option>
        ))}
      </select>
      <fieldset>
        <legend>Only if (optional)</legend>
        <label htmlFor="rule-field">Field</label>
        <input
          id="rule-field"
          list="rule-fields"
          placeholder="e.g. file.filename"
          value={field}
          onChange={(e) => setField(e.target.value)}
        />
        <datalist id="rule-fields">
          {fields.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
        <label htmlFor="rule-operator">Operator</label>
        <select id="rule-operator" value={operator} onChange={(e) => setOperator(e.target.value)}>
          {OPERATORS.map((o) => (
            <option key={o} value={o}>
              {o.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
        <label htmlFor="rule-value">Value</label>
        <input id="rule-value" value={value} onChange={(e) => setValue(e.target.value)} />
      </fieldset>
      <label htmlFor="rule-message">Then notify with the message</label>
      <input
        id="rule-message"
        required
        maxLength={2000}
        value={message}
        onChange={(e) => setMessage(e.target.value)}
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {done && <p role="status">{done}</p>}
      <button type="submit" className="primary">
        Create rule
      </button>
    </form>
  );
}

function RunHistory({ ruleId, name }: { ruleId: string; name: string }) {
  const [runs, setRuns] = useState<RuleRun[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<{ items: RuleRun[] }>(`/api/automation-rules/${ruleId}/runs`).then(
      (page) => setRuns(page.items),
      (e: unknown) => setError(`The history could not be loaded: ${describeError(e)}`),
    );
  }, [ruleId]);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">Runs of {name}</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {runs?.length === 0 && (
        <p className="empty">This rule has not run yet: it runs when its event next happens.</p>
      )}
      {runs && runs.length > 0 && (
        <table className="data" aria-label={`Runs of ${name}`}>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Matched</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td>{formatDate(run.created_at)}</td>
                <td>{run.event?.type ?? '—'}</td>
                <td>{run.matched ? 'yes' : 'no'}</td>
                <td>{run.status}</td>
                <td>
                  {run.actions
                    .map((a) => `${a.type.replace('_', ' ')}: ${a.status} after ${a.attempts} attempt(s)`)
                    .join('; ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
