import { AppError } from '../shared/app-error.ts';

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
