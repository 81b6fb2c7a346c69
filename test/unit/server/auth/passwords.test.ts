import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem, verifyPassword } from '../../../../server/auth/passwords.js';

describe('passwords', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsE', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('matches no password against the dummy hash', async () => {
    expect(await verifyPassword('', DUMMY_HASH)).toBe(false);
    expect(await verifyPassword('password', DUMMY_HASH)).toBe(false);
  });

  it.each([
    ['not a hash'],
    ['bcrypt$10$abc'],
    ['scrypt$0$8$1$c2FsdA$a2V5'],
    ['scrypt$99999999$8$1$c2FsdA$a2V5'],
    ['scrypt$32768$8$1$c2FsdA$'],
  ])('never matches a malformed hash %s', async (stored) => {
    expect(await verifyPassword('anything', stored)).toBe(false);
  });

  it('refuses an overlong password before hashing', async () => {
    const hash = await hashPassword('x'.repeat(MAX_PASSWORD_LENGTH));
    expect(await verifyPassword('x'.repeat(MAX_PASSWORD_LENGTH), hash)).toBe(true);
    expect(await verifyPassword('x'.repeat(MAX_PASSWORD_LENGTH + 1), hash)).toBe(false);
  });

  it('names the problem with a new password', () => {
    expect(passwordProblem('x'.repeat(MIN_PASSWORD_LENGTH - 1))).toBe(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    expect(passwordProblem('x'.repeat(MIN_PASSWORD_LENGTH))).toBeNull();
    expect(passwordProblem('x'.repeat(MAX_PASSWORD_LENGTH + 1))).toBe(`password must be at most ${MAX_PASSWORD_LENGTH} characters`);
  });
});
