/** Base of every domain error: a fixed machine-readable `code` and the HTTP status it maps to. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options?.details;
  }

  /** Extra structured fields sent to the client next to the message (e.g. suggestions). */
  readonly details: Record<string, unknown> | undefined;

  /** The request itself is at fault (invalid, missing, forbidden, conflicting): repeating it fails alike. */
  get isCallerFault(): boolean {
    return this.statusCode < 500;
  }
}

/** Base of every "the thing asked for does not exist" error, so callers branch on the type, not on 404. */
export class NotFoundError extends AppError {
  constructor(code: string, message: string) {
    super(code, 404, message);
  }
}
