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

/**
 * `JSON.parse` as a result. The engine's reason is kept; its "at position N" becomes a line and column
 * (engines word the position differently, the line and column are what a reader needs).
 */
export function parseJsonText(text: string): ParseResult<unknown> {
  try {
    return ok(JSON.parse(text.replace(/^\uFEFF/, '')));
  } catch (err) {
    const message = (err as Error).message;
    const position = /at position (\d+)/.exec(message);
    const reason = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    if (!position) return fail('(root)', `not JSON: ${reason}`);
    const before = text.replace(/^\uFEFF/, '').slice(0, Number(position[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return fail('(root)', `not JSON: ${reason} (line ${line}, column ${column})`);
  }
}
