import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PasswordInputError, PromptAborted, promptHidden, readFirstLine, readNewPassword, type TtyInput } from '../../../../server/cli/read-password.js';

/** A terminal stand-in: records raw-mode switches; what is written to `output` is what the user would see. */
function terminal() {
  const input = new PassThrough() as PassThrough & TtyInput;
  const modes: boolean[] = [];
  input.isTTY = true;
  input.setRawMode = (mode: boolean) => modes.push(mode);
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString()));
  return { input, output, modes, shown: () => shown };
}

describe('reading a password', () => {
  it('on a terminal shows only the prompt, never the characters, and honours backspace and Ctrl-U', async () => {
    const t = terminal();
    const answer = promptHidden('Password: ', t.input, t.output);
    t.input.write('wrong');
    t.input.write('\u0015');
    t.input.write('secreX\u007ft pass');
    t.input.write('\r');
    expect(await answer).toBe('secret pass');
    expect(t.shown()).toBe('Password: \n');
    expect(t.modes).toEqual([true, false]);
  });

  it('ignores arrow keys and stops on Ctrl-C', async () => {
    const t = terminal();
    const answer = promptHidden('Password: ', t.input, t.output);
    t.input.write('ab');
    t.input.write('\u001b[D');
    t.input.write('c\u0003');
    await expect(answer).rejects.toBeInstanceOf(PromptAborted);
    expect(t.modes).toEqual([true, false]);
  });

  it('asks twice on a terminal and refuses two different answers', async () => {
    const t = terminal();
    const answer = readNewPassword(t.input, t.output);
    t.input.write('one password\r');
    await new Promise((r) => setImmediate(r));
    t.input.write('another one\r');
    await expect(answer).rejects.toThrow(new PasswordInputError('the two passwords differ'));
    expect(t.shown()).toBe('Password: \nPassword again: \n');
  });

  it('takes the first line of a pipe, without its line end, and refuses an empty one', async () => {
    expect(await readFirstLine(Readable.from(['pass', 'word\r\nsecond line\n']))).toBe('password');
    expect(await readFirstLine(Readable.from(['no newline']))).toBe('no newline');
    await expect(readNewPassword(Readable.from([]), new PassThrough())).rejects.toThrow(/no password on stdin/);
  });
});
