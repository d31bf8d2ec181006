import { AppError } from '../shared/app-error.ts';

/** The API answered with an error (its status, code and message kept), or could not be reached (status 0). */
export class ApiRequestError extends AppError {
  constructor(
    readonly request: string,
    statusCode: number,
    code: string,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(code, statusCode, message, options);
  }
}

/** A tool was given input the API would accept but the tool cannot use (e.g. an unreadable local file). */
export class ToolInputError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_TOOL_INPUT', 400, message, options);
  }
}
