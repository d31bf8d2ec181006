import { AppError, NotFoundError } from '../shared/app-error.ts';

/** A rule (or a part of it) breaks the rule language; `details.path` names the offending node. */
export class RuleValidationError extends AppError {
  constructor(
    path: string,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super('INVALID_RULE', 422, `${path}: ${message}`, {
      cause: options?.cause,
      details: { ...options?.details, path },
    });
  }

  /** Dotted/bracketed location of the bad node, e.g. `trigger_conditions.all[1].value`. */
  get path(): string {
    return String(this.details?.path);
  }
}

/** A submitted event does not fit the event language (bad type name, data too large or too deep). */
export class InvalidEventError extends AppError {
  constructor(path: string, message: string) {
    super('INVALID_EVENT', 422, `${path}: ${message}`, { details: { path } });
  }
}

/** A submitted event's `data` is larger than the configured limit (EVENT_MAX_BYTES). */
export class EventTooLargeError extends AppError {
  constructor(bytes: number, maxBytes: number) {
    super(
      'EVENT_TOO_LARGE',
      413,
      `event data is ${bytes} bytes of JSON; the limit is ${maxBytes} bytes (EVENT_MAX_BYTES)`,
      { details: { max_bytes: maxBytes } },
    );
  }
}

/** A new custom event type past the tenant's limit of types no enabled rule listens to. */
export class EventTypeLimitError extends AppError {
  constructor(type: string, max: number) {
    super(
      'EVENT_TYPE_LIMIT',
      422,
      `event type '${type}' is new and the tenant already uses its limit of ${max} custom event types ` +
        'that no enabled rule listens to (EVENT_CUSTOM_TYPES_MAX); reuse one of those types, or create a rule ' +
        'triggered by this one (types an enabled rule listens to are always accepted)',
      { details: { max_types: max } },
    );
  }
}

/** The rule does not exist for this tenant (another tenant's rule answers the same). */
export class RuleNotFoundError extends NotFoundError {
  constructor(what = 'rule') {
    super('NOT_FOUND', `${what} not found`);
  }
}

/** The rule changed since the client read it (optimistic locking). */
export class RuleVersionConflictError extends AppError {
  constructor(current: number) {
    super('VERSION_CONFLICT', 409, `the rule is at version ${current}; re-read it and retry`, {
      details: { current_version: current },
    });
  }
}

/** A request that does not fit the resource's current state (e.g. replaying an action that is not dead). */
export class AutomationStateError extends AppError {
  constructor(code: string, message: string) {
    super(code, 409, message);
  }
}
