import { AppError, NotFoundError } from '../shared/app-error.ts';

/** A wrong email or password: one message for both, so it does not tell who has an account. */
export class InvalidCredentialsError extends AppError {
  constructor() {
    super('INVALID_CREDENTIALS', 401, 'email or password is wrong');
  }
}

/** No session cookie, or one whose session has ended (logged out, expired, user disabled). */
export class SessionRequiredError extends AppError {
  constructor(message = 'not signed in: POST /api/auth/login first') {
    super('SESSION_REQUIRED', 401, message);
  }
}

/** A user that does not exist (or belongs to another tenant). */
export class UserNotFoundError extends NotFoundError {
  constructor() {
    super('USER_NOT_FOUND', 'user not found');
  }
}

/** Another user already has this email (emails are unique across tenants, case-insensitively). */
export class EmailTakenError extends AppError {
  constructor(email: string) {
    super('EMAIL_TAKEN', 409, `a user with email ${email} already exists`);
  }
}

/** Invalid user input the schema cannot express (a malformed email, a short password). */
export class InvalidUserError extends AppError {
  constructor(message: string) {
    super('INVALID_USER', 400, message);
  }
}

/** The change would leave the tenant without an enabled owner. */
export class LastOwnerError extends AppError {
  constructor() {
    super('LAST_OWNER', 409, 'the tenant must keep at least one enabled owner');
  }
}
