/**
 * Reads a password for a command-line tool: from the terminal without echo (asked twice), or, when
 * stdin is a pipe, its first line, so scripts can run `echo "$PW" | npm run user -- add …`.
 */
import type { Readable, Writable } from 'node:stream';

/** A terminal input: a readable that can switch raw mode (process.stdin on a TTY). */
export interface TtyInput extends Readable {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** No password could be read, or the two typed differ. */
export class PasswordInputError extends Error {}

/** The user pressed Ctrl-C at the prompt. */
export class PromptAborted extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Reads one line from the terminal without echoing it. Backspace and Ctrl-U edit; Ctrl-C rejects. */
export function promptHidden(prompt: string, input: TtyInput, output: Writable): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (): void => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new PromptAborted());
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch === '\u0015') value = '';
        // An escape sequence (arrow keys) arrives as one chunk: drop the rest of it.
        else if (ch === '\u001b') break;
        else if (ch >= ' ') value += ch;
      }
    };
    output.write(prompt);
    input.setRawMode?.(true);
    input.on('data', onData);
    input.resume();
  });
}

/** The first line of a piped input (without its line end), or null when the input is empty. */
export async function readFirstLine(input: Readable): Promise<string | null> {
  let text = '';
  for await (const chunk of input) {
    text += (chunk as Buffer | string).toString();
    if (text.includes('\n')) break;
  }
  if (text === '') return null;
  return text.split('\n')[0].replace(/\r$/, '');
}

/**
 * A new password: typed twice on a terminal (they must match), else the first line of stdin.
 * Throws {@link PasswordInputError} when there is none or the two differ.
 */
export async function readNewPassword(input: TtyInput, output: Writable, what = 'Password'): Promise<string> {
  if (input.isTTY) {
    const first = await promptHidden(`${what}: `, input, output);
    const again = await promptHidden(`${what} again: `, input, output);
    if (first !== again) throw new PasswordInputError('the two passwords differ');
    return first;
  }
  const line = await readFirstLine(input);
  if (line === null) throw new PasswordInputError('no password on stdin (pipe it in, or run in a terminal to be asked)');
  return line;
}
