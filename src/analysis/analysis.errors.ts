import { AppError } from '../shared/app-error.ts';

/** Stable machine-readable reasons an analysis can fail. */
export const DRAWING_ERROR_CODES = [
  'UNSUPPORTED_FORMAT',
  'MALFORMED_DRAWING',
  'TRUNCATED',
  'TOO_MANY_ENTITIES',
  'BLOCK_RECURSION',
  'TIMEOUT',
  'OUT_OF_MEMORY',
  'DWG_READER_MISSING',
  'ANALYSIS_FAILED',
] as const;

/** One of {@link DRAWING_ERROR_CODES}. */
export type DrawingErrorCode = (typeof DRAWING_ERROR_CODES)[number];

/** A drawing could not be read or analysed; the file is at fault, so it maps to 422. */
export class DrawingAnalysisError extends AppError {
  constructor(
    override readonly code: DrawingErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(code, 422, message, options);
  }
}

/** Plain-data form of an error, as it crosses the worker boundary. */
export interface SerializedDrawingError {
  code: DrawingErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** Turns any thrown value into a {@link SerializedDrawingError} (unknown errors become ANALYSIS_FAILED). */
export function serializeDrawingError(error: unknown): SerializedDrawingError {
  if (error instanceof DrawingAnalysisError) {
    return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  }
  if (
    error instanceof RangeError &&
    /call stack|Invalid array length|Invalid string length/i.test(error.message)
  ) {
    return { code: 'OUT_OF_MEMORY', message: `drawing exceeds the analysis limits: ${error.message}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'ANALYSIS_FAILED', message: `drawing analysis failed: ${message}` };
}

/** The tenant already has as many previews waiting for a worker as allowed; `Retry-After` says when to retry. */
export class PreviewBusyError extends AppError {
  constructor(
    maxWaiting: number,
    readonly retryAfterSeconds: number,
  ) {
    super(
      'PREVIEW_BUSY',
      429,
      `${maxWaiting} previews of this tenant are already waiting for a worker; retry after ${retryAfterSeconds} s`,
    );
  }
}

/** The caller gave up (the client disconnected) before the run finished; its worker was stopped. */
export class AnalysisCancelledError extends AppError {
  constructor() {
    super('CLIENT_CLOSED_REQUEST', 499, 'the client disconnected before the drawing was rendered');
  }
}
