/** Account management for admins. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AuthContext } from '../auth/request-auth.js';
import { NewUserSchema, UserPatchSchema, type UserAdmin } from '../auth/user-admin.js';
import { ROLES } from '../protocol-auth.js';
import { errorJson, jsonSchema, parseOr400, zodValidated } from './schemas.js';

const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  roles: z.array(z.enum(ROLES)),
  disabled: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

const admin = (auth: AuthContext | null): AuthContext => {
  if (!auth) throw new Error('route reached without sign-in');
  return auth;
};

export async function registerUsersRoutes(app: FastifyInstance, users: UserAdmin): Promise<void> {
  app.get('/api/users', {
    config: { permission: 'users:manage' },
    schema: { summary: 'Every account', tags: ['users'], response: { 200: jsonSchema(z.array(UserSchema)) } },
  }, async () => users.list());

  app.post('/api/users', {
    config: { permission: 'users:manage' },
    ...zodValidated,
    schema: {
      summary: 'Create an account',
      tags: ['users'],
      body: jsonSchema(NewUserSchema),
      response: { 201: jsonSchema(UserSchema), 400: errorJson, 409: errorJson },
    },
  }, async (req, reply) => reply.code(201).send(await users.create(admin(req.auth), parseOr400(NewUserSchema, req.body))));

  app.patch<{ Params: { id: string } }>('/api/users/:id', {
    config: { permission: 'users:manage' },
    ...zodValidated,
    schema: {
      summary: 'Change roles, disable or enable, or reset the password (which ends the account\'s sessions)',
      tags: ['users'],
      params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      body: jsonSchema(UserPatchSchema),
      response: { 200: jsonSchema(UserSchema), 400: errorJson, 404: errorJson, 409: errorJson },
    },
  }, async (req) => users.update(admin(req.auth), req.params.id, parseOr400(UserPatchSchema, req.body)));
}
