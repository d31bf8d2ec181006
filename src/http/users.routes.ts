import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ROLES } from '../shared/roles.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type User, type UserService } from '../users/index.ts';
import { ErrorSchema, IdParams, errorResponses } from './schemas.ts';

const RoleSchema = Type.Union(ROLES.map((role) => Type.Literal(role)));

/** A user as owners see it (never the password hash). */
export const UserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  role: RoleSchema,
  disabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

const tags = ['users'];
const errors = { ...errorResponses, 403: ErrorSchema, 409: ErrorSchema };
const owner = { access: 'tenant', role: 'owner' } as const;

/** The tenant's users, managed by its owners: list, invite (create with a password), change role, disable. */
export const userRoutes: FastifyPluginAsyncTypebox<{ users: UserService }> = async (app, { users }) => {
  app.get(
    '/api/users',
    {
      config: owner,
      schema: {
        summary: "The tenant's users (owners only)",
        tags,
        response: { 200: Type.Object({ items: Type.Array(UserSchema) }), ...errors },
      },
    },
    async (request) => ({ items: (await users.list(request.auth.tenantId)).map(userJson) }),
  );

  app.post(
    '/api/users',
    {
      config: owner,
      schema: {
        summary: 'Add a user to the tenant with a first password (owners only; 409 when the email is taken)',
        tags,
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 254 }),
            password: Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }),
            role: RoleSchema,
          },
          { additionalProperties: false },
        ),
        response: { 201: UserSchema, ...errors },
      },
    },
    async (request, reply) => {
      const user = await users.create(request.auth.tenantId, request.body);
      return reply.status(201).send(userJson(user));
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: owner,
      schema: {
        summary:
          "Change a user's role or disable them (owners only): disabling ends their sessions at once; a tenant keeps one enabled owner (409)",
        tags,
        params: IdParams,
        body: Type.Object(
          { role: Type.Optional(RoleSchema), disabled: Type.Optional(Type.Boolean()) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: UserSchema, ...errors },
      },
    },
    async (request) => userJson(await users.update(request.auth.tenantId, request.params.id, request.body)),
  );
};

/** A user as the API shows it. */
export function userJson(user: User) {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
  };
}
