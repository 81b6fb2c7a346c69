/**
 * Asks why a task is skipped: a few common reasons (digits pick them) or the annotator's own words.
 * Resolves with the reason, or null when cancelled.
 */
import { t } from '../i18n/i18n.js';
import { button, el } from './dom.js';

const REASONS = ['annotate.skip.unusable', 'annotate.skip.unsure', 'annotate.skip.wrongQueue'] as const;

export class SkipDialog {
  private readonly dialog: HTMLDialogElement;
  private readonly other: HTMLInputElement;
  private resolve: ((reason: string | null) => void) | null = null;

  constructor(parent: HTMLElement) {
    this.other = el('input', { class: 'aw-skip-other', attrs: { maxlength: '500', autocomplete: 'off' } });
    const choices = REASONS.map((key, i) => {
      const b = button({ class: 'aw-skip-reason', data: { reason: key } });
      b.append(el('kbd', { text: String(i + 1) }), el('span', { text: t(key), data: { i18n: key } }));
      b.addEventListener('click', () => this.finish(t(key)));
      return b;
    });
    const cancel = button({ text: t('annotate.cancel'), i18n: 'annotate.cancel' });
    cancel.addEventListener('click', () => this.finish(null));
    const confirm = button({ text: t('annotate.skip'), i18n: 'annotate.skip', primary: true, attrs: { type: 'submit' } });
    const form = el('form', { class: 'dialog-form' }, [
      el('h2', { text: t('annotate.skip.title'), data: { i18n: 'annotate.skip.title' } }),
      el('div', { class: 'aw-skip-reasons' }, choices),
      el('label', { class: 'login-field' }, [el('span', { text: t('annotate.skip.other'), data: { i18n: 'annotate.skip.other' } }), this.other]),
      el('div', { class: 'dialog-buttons' }, [cancel, confirm]),
    ]);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.other.value.trim();
      if (text) this.finish(text);
      else this.other.focus();
    });
    this.dialog = el('dialog', { class: 'dialog aw-skip-dialog' }, [form]);
    this.dialog.id = 'aw-skip-dialog';
    this.dialog.addEventListener('keydown', (e) => {
      const i = e.target === this.other ? -1 : Number(e.key) - 1;
      if (i >= 0 && i < REASONS.length) {
        e.preventDefault();
        this.finish(t(REASONS[i]));
      }
    });
    this.dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      this.finish(null);
    });
    parent.append(this.dialog);
  }

  get open(): boolean {
    return this.dialog.open;
  }

  ask(): Promise<string | null> {
    this.other.value = '';
    this.dialog.showModal();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  private finish(reason: string | null): void {
    this.dialog.close();
    this.resolve?.(reason);
    this.resolve = null;
  }
}
