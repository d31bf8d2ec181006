import { AppError } from '../shared/app-error.ts';

/** An event that cannot be published (a programming error: events are built by the server). */
export class MalformedEventError extends AppError {
  constructor(message: string) {
    super('EVENT_INVALID', 500, message);
  }
}
