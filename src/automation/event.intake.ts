import { uuidv7 } from 'uuidv7';
import { tenantKey, type AppCache } from '../cache/index.ts';
import type { ShardRouter } from '../db/index.ts';
import type { DomainEvent, EventBus } from '../events/index.ts';
import type { NewDomainEvent } from '../files/index.ts';
import { QUEUES, type JobQueue } from '../jobs/index.ts';
import { RuleRepository } from './rule.repository.ts';
import { currentAutomationCause } from './workflow.hooks.ts';

/** What the event intake is built from. */
export interface EventIntakeDeps {
  router: ShardRouter;
  jobs: JobQueue;
  events: EventBus;
  cache: AppCache;
}

/**
 * Where the platform's domain events enter the rules engine. Built before the modules that emit events
 * (files, costs), and handed to the automation module, which reacts to them and acts on those modules.
 */
export interface EventIntake {
  /** Emits a domain event: queued durably for the rules engine, then pushed live to the tenant's streams. */
  emit: (event: NewDomainEvent) => Promise<DomainEvent>;
  /** Whether any active rule of the tenant can react to an event of this type (else it need not be queued). */
  wantsEvent: (tenantId: string, type: string) => Promise<boolean>;
  /** Forgets the tenant's cached trigger types (after any change to its rules). */
  rulesChanged: (tenantId: string) => Promise<void>;
}

/** Builds the intake over the tenant's active trigger types, cached per tenant. */
export function createEventIntake(d: EventIntakeDeps): EventIntake {
  const { router, jobs, events, cache } = d;
  const rules = new RuleRepository(router);
  const triggerTypesKey = (tenantId: string) =>
    tenantKey(tenantId, 'user_settings', 'automation_trigger_types');
  const wantsEvent = async (tenantId: string, type: string): Promise<boolean> => {
    const types = await cache.getOrSet(triggerTypesKey(tenantId), () => rules.activeTriggerTypes(tenantId));
    // threshold rules watch metrics carried by uploads and estimates
    const watchedByThresholds = type === 'file_uploaded' || type === 'cost_estimated';
    return types.includes(type) || (watchedByThresholds && types.includes('threshold_exceeded'));
  };
  return {
    wantsEvent,
    rulesChanged: (tenantId) => cache.delete(triggerTypesKey(tenantId)),
    emit: async (event) => {
      // An event emitted while an automation action runs is caused by that action's run (depth limit).
      const causation = event.causation ?? currentAutomationCause();
      const full: DomainEvent = { ...event, causation, id: uuidv7(), occurredAt: new Date().toISOString() };
      // Only events some active rule can react to are queued for the rules engine; all go to the live stream.
      if (await wantsEvent(event.tenantId, event.type)) {
        await jobs.enqueue(router.shardIdFor(event.tenantId), QUEUES.automationEvent, full);
      }
      await events.publish(full);
      return full;
    },
  };
}
