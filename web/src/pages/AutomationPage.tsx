import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, describeError } from '../api/client.ts';
import type { Rule } from '../api/types.ts';
import { RuleDetails } from './RuleDetails.tsx';
import { describeConditions } from './rule-conditions.ts';
import { useIsOwner } from '../session.tsx';

/** Value kinds the catalog names for an operator's value. */
type ValueKind = 'scalar' | 'string' | 'number' | 'boolean' | 'scalar_list' | 'number_pair';

/** `GET /api/automation-triggers`: every trigger, its fields and the operators each field allows. */
interface TriggerCatalog {
  items: Array<{
    type: string;
    description: string;
    settings: unknown;
    fields: Array<{ field: string; type: string; operators: Array<{ operator: string; value: ValueKind }> }>;
  }>;
}

/** The typed condition value for what was typed, per the catalog's value kind. */
function conditionValue(kind: ValueKind, text: string): unknown {
  switch (kind) {
    case 'number':
      return Number(text);
    case 'boolean':
      return text.trim().toLowerCase() === 'true';
    case 'number_pair':
      return text.split(',').map((part) => Number(part.trim()));
    case 'scalar_list':
      return text.split(',').map((part) => part.trim());
    case 'scalar':
      return text.trim() !== '' && !Number.isNaN(Number(text)) ? Number(text) : text;
    case 'string':
      return text;
  }
}

const VALUE_HINTS: Record<ValueKind, string> = {
  scalar: 'a word or a number',
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  scalar_list: 'values separated by commas',
  number_pair: 'two numbers separated by a comma',
};

/** An action of a rule in words (the document leaves actions open: each type has its own settings). */
function actionName(action: unknown): string {
  const type = (action as { type?: unknown }).type;
  return typeof type === 'string' ? type.replace('_', ' ') : 'action';
}

/** Automation rules: list, create, enable/disable, run history. */
export function AutomationPage() {
  const canEdit = useIsOwner();
  const [rules, setRules] = useState<Rule[]>();
  const [selected, setSelected] = useState<string>();
  const [error, setError] = useState<string>();
  const [catalog, setCatalog] = useState<TriggerCatalog>();
  const selectedRule = rules?.find((r) => r.id === selected);

  useEffect(() => {
    api<TriggerCatalog>('/api/automation-triggers').then(setCatalog, (e: unknown) =>
      setError(`The trigger catalog could not be loaded: ${describeError(e)}`),
    );
  }, []);

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
      {canEdit && catalog && <NewRule catalog={catalog} onCreated={() => void load()} />}
      <h2>Rules</h2>
      {rules?.length === 0 && (
        <p className="empty">
          No rules yet.{' '}
          {canEdit
            ? 'Create one above, e.g. a notification when a takeoff is completed.'
            : 'An owner creates them.'}
        </p>
      )}
      {rules && rules.length > 0 && (
        <table className="data" aria-label="Rules">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">When</th>
              <th scope="col">If</th>
              <th scope="col">Does</th>
              <th scope="col">State</th>
              <th scope="col">Runs</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td>
                  {catalog?.items.find((t) => t.type === r.trigger_type)?.description ?? r.trigger_type}
                </td>
                <td>{describeConditions(r.trigger_conditions)}</td>
                <td>{r.actions.map(actionName).join(', ')}</td>
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
                    History and dry run<span className="visually-hidden"> of {r.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selectedRule && <RuleDetails key={selectedRule.id} rule={selectedRule} />}
    </main>
  );
}

function NewRule({ catalog, onCreated }: { catalog: TriggerCatalog; onCreated: () => void }) {
  // triggers a rule can use without settings (schedules and thresholds need their own form)
  const triggers = catalog.items.filter((t) => t.settings === null && !t.type.startsWith('custom:'));
  const [name, setName] = useState('');
  const [trigger, setTrigger] = useState(triggers.find((t) => t.type === 'analysis_completed')?.type ?? '');
  const [field, setField] = useState('');
  const [operator, setOperator] = useState('');
  const [value, setValue] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();

  const fields = (triggers.find((t) => t.type === trigger)?.fields ?? []).filter(
    (f) => !f.field.includes('*'),
  );
  const chosenField = fields.find((f) => f.field === field);
  const operators = chosenField?.operators ?? [];
  const chosenOperator = operators.find((o) => o.operator === operator) ?? operators[0];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setDone(undefined);
    const conditions =
      chosenField && chosenOperator
        ? {
            all: [
              {
                field: chosenField.field,
                operator: chosenOperator.operator,
                value: conditionValue(chosenOperator.value, value),
              },
            ],
          }
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
      <select
        id="rule-trigger"
        value={trigger}
        onChange={(e) => {
          setTrigger(e.target.value);
          setField('');
        }}
      >
        {triggers.map((t) => (
          <option key={t.type} value={t.type}>
            {t.description}
          </option>
        ))}
      </select>
      <fieldset>
        <legend>Only if (optional)</legend>
        <label htmlFor="rule-field">Field</label>
        <select
          id="rule-field"
          value={field}
          onChange={(e) => {
            setField(e.target.value);
            setOperator('');
          }}
        >
          <option value="">Always (no condition)</option>
          {fields.map((f) => (
            <option key={f.field} value={f.field}>
              {f.field} ({f.type.replace('_', ' ')})
            </option>
          ))}
        </select>
        {chosenField && (
          <>
            <label htmlFor="rule-operator">Operator</label>
            <select
              id="rule-operator"
              value={chosenOperator?.operator ?? ''}
              onChange={(e) => setOperator(e.target.value)}
            >
              {operators.map((o) => (
                <option key={o.operator} value={o.operator}>
                  {o.operator.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
            <label htmlFor="rule-value">Value ({VALUE_HINTS[chosenOperator?.value ?? 'string']})</label>
            <input id="rule-value" value={value} onChange={(e) => setValue(e.target.value)} />
          </>
        )}
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
