// Public surface of the users module: users of tenants, their roles and sessions.
export { createUsers, type Users, type UsersModuleDeps } from './users.module.ts';
export {
  UserService,
  normalizeEmail,
  PASSWORD_MIN_LENGTH,
  PASSWORD_MAX_LENGTH,
  type NewUser,
} from './user.service.ts';
export { SessionService, type LiveSession, type SessionLifetimes } from './session.service.ts';
export type { User } from './user.repository.ts';
export {
  InvalidCredentialsError,
  SessionRequiredError,
  UserNotFoundError,
  EmailTakenError,
  InvalidUserError,
  LastOwnerError,
} from './users.errors.ts';
