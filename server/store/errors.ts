/** Errors the store raises, each with a one-line message fit for a log or an API answer. */

/** The store could not be opened (file, connection or migration). */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

/** A write broke a unique constraint (a username or vehicle uid already taken). */
export class DuplicateError extends Error {
  override name = 'DuplicateError';
}

/** An update expected a version that has since moved on (someone else saved first). */
export class ConflictError extends Error {
  override name = 'ConflictError';
  constructor(
    message: string,
    /** The version now stored, or undefined when the row is gone. */
    readonly currentVersion: number | undefined,
  ) {
    super(message);
  }
}

/** The row an operation names does not exist. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** True when `err` is a unique-constraint violation from SQLite or PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/** Runs a write, turning a unique violation into a {@link DuplicateError} with `message`. */
export async function uniqueOr<T>(write: () => Promise<T>, message: string): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw new DuplicateError(message);
    throw err;
  }
}

/** Best one-line reason from a driver error (Node's AggregateError for dual-stack hosts has no message). */
export function reasonOf(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return reasonOf(err.errors[0]);
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const text = err.message || (typeof code === 'string' ? code : err.name);
    return text.split('\n')[0];
  }
  return String(err);
}
