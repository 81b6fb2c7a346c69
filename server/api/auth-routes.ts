/** Sign-in, sign-out, who am I, password change and the user's own sessions. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AuthService } from '../auth/auth-service.js';
import { sessionCookie } from '../auth/credentials.js';
import { MAX_PASSWORD_LENGTH } from '../auth/passwords.js';
import type { AuthContext } from '../auth/request-auth.js';
import type { LoginDTO } from '../protocol-auth.js';
import { errorJson, jsonSchema, parseOr400, zodValidated } from './schemas.js';

const LoginSchema = z.object({
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
const PasswordChangeSchema = z.object({
  currentPassword: z.string().max(MAX_PASSWORD_LENGTH),
  newPassword: z.string().max(MAX_PASSWORD_LENGTH),
});
const MeSchema = z.object({
  id: z.string(),
  username: z.string(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  csrfToken: z.string(),
  expiresAt: z.number(),
});
const LoginAnswerSchema = MeSchema.extend({ token: z.string() });

/** The principal of a route that requires sign-in (the auth hook has already refused anonymous calls). */
const signedIn = (auth: AuthContext | null): AuthContext => {
  if (!auth) throw new Error('route reached without sign-in');
  return auth;
};

export async function registerAuthRoutes(app: FastifyInstance, auth: AuthService): Promise<void> {
  app.post('/api/auth/login', {
    config: { public: true },
    ...zodValidated,
    schema: {
      summary: 'Sign in: answers a bearer token (for scripts) and sets the session cookie (for browsers)',
      tags: ['auth'],
      body: jsonSchema(LoginSchema),
      response: { 200: jsonSchema(LoginAnswerSchema), 400: errorJson, 401: errorJson, 429: errorJson },
    },
  }, async (req, reply) => {
    const body = parseOr400(LoginSchema, req.body);
    const { token, auth: session } = await auth.login(body.username, body.password, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
    reply.header('set-cookie', sessionCookie(token, auth.sessionTtlMs, req.protocol === 'https'));
    const answer: LoginDTO = { ...auth.me(session), token };
    return answer;
  });

  app.post('/api/auth/logout', {
    config: { permission: 'account:self' },
    schema: { summary: 'Sign out: ends this session and clears the cookie', tags: ['auth'] },
  }, async (req, reply) => {
    await auth.logout(signedIn(req.auth));
    return reply.header('set-cookie', sessionCookie('', 0, req.protocol === 'https')).code(204).send();
  });

  app.get('/api/auth/me', {
    config: { permission: 'account:self' },
    schema: { summary: 'The signed-in user: roles, permissions and the CSRF token for cookie writes', tags: ['auth'], response: { 200: jsonSchema(MeSchema) } },
  }, async (req) => auth.me(signedIn(req.auth)));

  app.post('/api/auth/password', {
    config: { permission: 'account:self' },
    ...zodValidated,
    schema: {
      summary: 'Change your password (needs the current one); your other sessions end',
      tags: ['auth'],
      body: jsonSchema(PasswordChangeSchema),
      response: { 204: { type: 'null' }, 400: errorJson, 403: errorJson },
    },
  }, async (req, reply) => {
    const body = parseOr400(PasswordChangeSchema, req.body);
    await auth.changePassword(signedIn(req.auth), body.currentPassword, body.newPassword);
    return reply.code(204).send();
  });

  app.get('/api/auth/sessions', {
    config: { permission: 'account:self' },
    schema: { summary: 'Your live sessions', tags: ['auth'] },
  }, async (req) => auth.sessions(signedIn(req.auth)));

  app.delete<{ Params: { id: string } }>('/api/auth/sessions/:id', {
    config: { permission: 'account:self' },
    schema: {
      summary: 'End one of your sessions',
      tags: ['auth'],
      params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      response: { 404: errorJson },
    },
  }, async (req, reply) => {
    await auth.revokeSession(signedIn(req.auth), req.params.id);
    return reply.code(204).send();
  });
}
