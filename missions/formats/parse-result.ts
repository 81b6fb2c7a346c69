/** Parsers return results, not exceptions, for bad input: the error says where the problem is. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ParseError };

export interface ParseError {
  /** Where: a JSON path (`mission.items[3].params`) or `line 12`. */
  where: string;
  message: string;
}

export const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
export const fail = <T>(where: string, message: string): ParseResult<T> => ({ ok: false, error: { where, message } });

/** `mission.items[3].params` from a zod-style path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(root)';
}
