// Public API of the automation domain: pure rule language, matching, scheduling and retry/safety policies.
export {
  RuleValidationError,
  InvalidEventError,
  EventTooLargeError,
  EventTypeLimitError,
} from './automation.errors.ts';
export {
  BUILTIN_TRIGGER_TYPES,
  THRESHOLD_METRICS,
  TRIGGER_FIELDS,
  FIELD_TYPES,
  FIELD_ALIASES,
  FORBIDDEN_SEGMENTS,
  isBuiltinTrigger,
  isTriggerType,
  triggerHasFile,
  resolveField,
  type BuiltinTriggerType,
  type CustomTriggerType,
  type TriggerType,
  type ThresholdMetric,
  type FieldType,
  type ResolvedField,
} from './trigger.catalog.ts';
export {
  OPERATORS,
  CONDITION_LIMITS,
  type Operator,
  type Scalar,
  type ConditionLeaf,
  type ConditionNode,
  type LeafTrace,
  type LeafMissReason,
  type EvaluationResult,
} from './condition.types.ts';
export { validateConditions, OPERATOR_VALUES, VALUE_KINDS, type ValueKind } from './condition.validator.ts';
export { evaluateConditions, conditionsMatch, readField } from './condition.evaluator.ts';
export {
  WORKFLOW_NAMES,
  ACTION_SCHEMAS,
  ActionSchema,
  RuleInputSchema,
  ScheduledSettingsSchema,
  ThresholdSettingsSchema,
  type Action,
  type ActionType,
} from './rule.schema.ts';
export {
  validateRuleInput,
  type RuleDefinition,
  type ScheduledSettings,
  type ThresholdSettings,
} from './rule.validator.ts';
export {
  CUSTOM_EVENT_LIMITS,
  validateCustomEvent,
  conditionSubject,
  type AutomationEvent,
  type CustomEventInput,
} from './event.schema.ts';
export { matchEvent, type MatchableRule, type MatchOptions, type RuleMatch } from './rule.matcher.ts';
export {
  MIN_SCHEDULE_INTERVAL_MS,
  isValidTimeZone,
  validateSchedule,
  nextRunAt,
  dueSlot,
} from './schedule.calculator.ts';
export {
  decideThreshold,
  type ThresholdDirection,
  type ThresholdObservation,
  type ThresholdDecision,
} from './threshold.policy.ts';
export {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  classifyFailure,
  backoffDelayMs,
  decideRetry,
  type AttemptOutcome,
  type FailureClass,
  type RetryDecision,
  type RetryOptions,
} from './retry.policy.ts';
export {
  DEPTH_LIMIT,
  rootCausation,
  childCausation,
  mayFire,
  type Causation,
  type FireDecision,
} from './causation.policy.ts';
export { RuleNotFoundError, RuleVersionConflictError, AutomationStateError } from './automation.errors.ts';
export { createEventIntake, type EventIntake, type EventIntakeDeps } from './event.intake.ts';
export { InboxService } from './inbox.service.ts';
export {
  createAutomation,
  analysisCausation,
  type Automation,
  type AutomationSettings,
  type AutomationModuleDeps,
} from './automation.module.ts';
export type { WorkflowHooks } from './action.executors.ts';
export type { CostPorts } from './workflow.hooks.ts';
export type { StoredRule } from './rule.repository.ts';
export type { RunRecord } from './run.repository.ts';
export type { NotificationRecord } from './inbox.repository.ts';
export type { DryRunResult } from './rule.service.ts';
export { triggerCatalog, type TriggerView, type FieldView, type OperatorView } from './trigger.views.ts';
