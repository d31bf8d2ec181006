import { AppError, NotFoundError } from '../shared/app-error.ts';

/** A location name that matches no row of the locations table; `details.suggestions` holds the nearest names. */
export class UnknownLocationError extends AppError {
  constructor(location: string, suggestions: string[]) {
    const hint = suggestions.length > 0 ? ` Did you mean: ${suggestions.join('; ')}?` : '';
    super('UNKNOWN_LOCATION', 422, `Unknown location "${location}".${hint}`, {
      details: { location, suggestions },
    });
  }
}

/** How many unknown names the message spells out (`details.materials` lists them all). */
const MESSAGE_NAMES = 20;

/** One or more material names that resolve to no catalog material; `details.materials` lists them. */
export class UnknownMaterialError extends AppError {
  constructor(
    materials: string[],
    suggestions: Record<string, string[]>,
    suggestionsOmitted?: { materials: number; reason: string },
  ) {
    const shown = materials.slice(0, MESSAGE_NAMES);
    const more = materials.length > shown.length ? ` and ${materials.length - shown.length} more` : '';
    super(
      'UNKNOWN_MATERIAL',
      422,
      `Unknown material${materials.length > 1 ? 's' : ''}: ${shown.join(', ')}${more}.`,
      {
        details: {
          materials,
          suggestions,
          ...(suggestionsOmitted ? { suggestions_omitted: suggestionsOmitted } : {}),
        },
      },
    );
  }
}

/** Estimate input that cannot be priced (bad quantity, too many entries, unit mismatch); names the offending key. */
export class InvalidEstimateInputError extends AppError {
  constructor(message: string, details: { key?: string; reason: string; limit?: number }) {
    super('INVALID_ESTIMATE_INPUT', 422, message, { details });
  }
}

/** A currency other than the catalog's: the estimator has no exchange rates, so it refuses rather than guess. */
export class UnsupportedCurrencyError extends AppError {
  constructor(requested: string, supported: string) {
    super(
      'UNSUPPORTED_CURRENCY',
      422,
      `Currency ${requested} is not supported; prices are in ${supported}.`,
      {
        details: { requested, supported },
      },
    );
  }
}

/** A catalog or location row that breaks an invariant (unknown division, mixed currencies, duplicate key). */
export class InvalidCostDataError extends AppError {
  constructor(message: string, details: Record<string, unknown>) {
    super('INVALID_COST_DATA', 422, message, { details });
  }
}

/** No estimate with this id for this tenant (another tenant's id answers the same). */
export class EstimateNotFoundError extends NotFoundError {
  constructor() {
    super('ESTIMATE_NOT_FOUND', 'Cost estimate not found.');
  }
}

/** The file's analysis has not completed (pending, processing or failed), so it has no quantities to price. */
export class AnalysisNotCompletedError extends AppError {
  constructor(fileId: string, status: string) {
    super(
      'ANALYSIS_NOT_COMPLETED',
      409,
      `The analysis of file ${fileId} is ${status}; an estimate needs a completed analysis.`,
      { details: { file_id: fileId, analysis_status: status } },
    );
  }
}

/** The file named by `file_id` does not exist for this tenant. */
export class EstimateFileNotFoundError extends NotFoundError {
  constructor() {
    super('FILE_NOT_FOUND', 'file not found');
  }
}

/** An `estimate` action without a location to price for. */
export class BatchLocationRequiredError extends AppError {
  constructor() {
    super('LOCATION_REQUIRED', 422, 'The estimate action needs a `location`.');
  }
}
