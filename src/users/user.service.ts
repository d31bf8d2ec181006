import { uuidv7 } from 'uuidv7';
import type { Role } from '../shared/roles.ts';
import type { TenantService } from '../tenants/index.ts';
import { hashPassword, verifyPassword } from './password.ts';
import type { User, UserRepository } from './user.repository.ts';
import {
  EmailTakenError,
  InvalidCredentialsError,
  InvalidUserError,
  LastOwnerError,
  UserNotFoundError,
} from './users.errors.ts';

/** Shortest and longest password accepted (argon2 takes any length; the bound keeps requests small). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A new user's details, as an owner or the CLI gives them. */
export interface NewUser {
  email: string;
  password: string;
  role: Role;
}

/** The users of tenants: creation, listing, role and disabled changes, and password checks at sign-in. */
export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly tenants: Pick<TenantService, 'getTenant'>,
  ) {}

  /** Adds a user to a tenant (the tenant must exist; the email must be free in every tenant). */
  async create(tenantId: string, input: NewUser): Promise<User> {
    const email = normalizeEmail(input.email);
    checkPassword(input.password);
    await this.tenants.getTenant(tenantId);
    const id = uuidv7();
    const passwordHash = await hashPassword(input.password);
    const created = await this.users.create({ id, tenantId, email, passwordHash, role: input.role });
    if (!created) throw new EmailTakenError(email);
    const user = await this.users.get(tenantId, id);
    if (!user) throw new UserNotFoundError();
    return user;
  }

  list(tenantId: string): Promise<User[]> {
    return this.users.list(tenantId);
  }

  async get(tenantId: string, userId: string): Promise<User> {
    const user = await this.users.get(tenantId, userId);
    if (!user) throw new UserNotFoundError();
    return user;
  }

  /**
   * Changes a user's role or disables/enables them. Disabling ends their sessions in every process; a role
   * change applies to their open sessions at once. A tenant keeps at least one enabled owner.
   */
  async update(tenantId: string, userId: string, change: { role?: Role; disabled?: boolean }): Promise<User> {
    const result = await this.users.update(tenantId, userId, change);
    if (result === 'last-owner') throw new LastOwnerError();
    if (!result) throw new UserNotFoundError();
    return result;
  }

  /**
   * Disables the user with this email, whichever tenant they belong to, and ends their sessions: the
   * operator's CLI, which may disable a tenant's last owner (a compromised account).
   */
  async disableByEmail(email: string): Promise<User> {
    const user = await this.users.getCredentials(normalizeEmail(email));
    const result =
      user &&
      (await this.users.update(user.tenantId, user.id, { disabled: true }, { mayLeaveNoOwner: true }));
    if (!result || result === 'last-owner') throw new UserNotFoundError();
    return result;
  }

  /**
   * The enabled user with this email and password, with the tenant's name; InvalidCredentialsError
   * otherwise, after the same hashing work whether or not the email exists.
   */
  async verify(email: string, password: string): Promise<{ user: User; tenantName: string }> {
    const normalized = email.trim().toLowerCase();
    const found =
      password.length <= PASSWORD_MAX_LENGTH && normalized.length <= 254
        ? await this.users.getCredentials(normalized)
        : undefined;
    const matches = await verifyPassword(found?.passwordHash, password.slice(0, PASSWORD_MAX_LENGTH));
    if (!found || !matches || found.disabled) throw new InvalidCredentialsError();
    const { passwordHash: _hash, ...user } = found;
    const tenant = await this.tenants.getTenant(user.tenantId);
    return { user, tenantName: tenant.name };
  }
}

/** The lower-cased, trimmed email, or InvalidUserError when it is not one. */
export function normalizeEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (normalized.length > 254 || !EMAIL.test(normalized))
    throw new InvalidUserError(`not a valid email address: ${JSON.stringify(email.slice(0, 300))}`);
  return normalized;
}

function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH)
    throw new InvalidUserError(
      `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long (got ${password.length})`,
    );
}
