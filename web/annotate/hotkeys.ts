/**
 * The workstation's keyboard, as pure functions from a key event to a command, so the whole table
 * is tested and documented in one place. Digits are read from `code`, not `key`, because Shift+1
 * types "!" (or another character on other layouts).
 */

/** The fields of a KeyboardEvent that matter here. */
export interface KeyInput {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export type Tool = 'box' | 'polygon' | 'select';

export type AnnotateCommand =
  /** Choose the label at this index (0-based) for the selected shape and the next ones. */
  | { kind: 'label'; index: number }
  /** Choose the value at this index of the choice attribute (severity). */
  | { kind: 'choice'; index: number }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'nothing-found' }
  | { kind: 'submit' }
  | { kind: 'delete' }
  | { kind: 'tool'; tool: Tool }
  /** Accept the selected suggestion, or all of them. */
  | { kind: 'accept-suggestion' }
  | { kind: 'fit' }
  /** Stop drawing, or drop the selection. */
  | { kind: 'cancel' }
  /** Select the next (or, with Shift, previous) shape. */
  | { kind: 'cycle'; back: boolean };

export type ReviewCommand = { kind: 'accept' } | { kind: 'reject' } | { kind: 'next' } | { kind: 'fit' };

/** 0–8 for the digit keys 1–9 (top row or keypad), else null. */
export function digitIndex(code: string): number | null {
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(code);
  return m ? Number(m[1]) - 1 : null;
}

/** The workstation command for a key, or null when the key is not ours. */
export function annotateCommand(e: KeyInput): AnnotateCommand | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && !e.altKey) {
    if (key === 'z') return { kind: e.shiftKey ? 'redo' : 'undo' };
    if (key === 'y') return { kind: 'redo' };
    return null;
  }
  if (e.altKey) return null;
  const digit = digitIndex(e.code);
  if (digit !== null) return e.shiftKey ? { kind: 'choice', index: digit } : { kind: 'label', index: digit };
  if (e.shiftKey && e.key !== 'Tab') return null;
  switch (e.key) {
    case 'Enter':
      return { kind: 'submit' };
    case 'Delete':
    case 'Backspace':
      return { kind: 'delete' };
    case 'Escape':
      return { kind: 'cancel' };
    case 'Tab':
      return { kind: 'cycle', back: e.shiftKey };
  }
  switch (key) {
    case 'n':
      return { kind: 'nothing-found' };
    case 'b':
      return { kind: 'tool', tool: 'box' };
    case 'p':
      return { kind: 'tool', tool: 'polygon' };
    case 'v':
      return { kind: 'tool', tool: 'select' };
    case 'a':
      return { kind: 'accept-suggestion' };
    case 'f':
      return { kind: 'fit' };
  }
  return null;
}

/** The review command for a key, or null. */
export function reviewCommand(e: KeyInput): ReviewCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return null;
  switch (e.key.toLowerCase()) {
    case 'a':
      return { kind: 'accept' };
    case 'r':
      return { kind: 'reject' };
    case 'j':
    case 'arrowdown':
      return { kind: 'next' };
    case 'f':
      return { kind: 'fit' };
  }
  return null;
}

/** True when the key went to a text field, where typing must not trigger commands. */
export function typingInField(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  return !['range', 'checkbox', 'radio', 'button'].includes(type);
}
