/** The Annotate view's task bar: back, title, tools, undo/redo/fit, lease countdown, nothing found, skip, submit, claim again. */
import { t } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/translate.js';
import { button, el } from './dom.js';
import type { AnnotateCommand, Tool } from './hotkeys.js';

export interface WorkstationBarHooks {
  run(command: AnnotateCommand): void;
  skip(): void;
  leave(): void;
  reclaim(): void;
}

export class WorkstationBar {
  readonly root: HTMLElement;
  readonly title = el('span', { class: 'aw-title' });
  readonly lease = el('span', { class: 'aw-lease', attrs: { id: 'aw-lease', role: 'timer' } });
  readonly tools: Record<Tool, HTMLButtonElement>;
  readonly undo: HTMLButtonElement;
  readonly redo: HTMLButtonElement;
  readonly submit: HTMLButtonElement;
  readonly reclaim: HTMLButtonElement;

  constructor(private readonly hooks: WorkstationBarHooks) {
    const toolButton = (tool: Tool, key: MessageKey): HTMLButtonElement => {
      const b = button({ class: 'aw-tool', text: t(key), i18n: key, data: { tool } });
      b.addEventListener('click', () => hooks.run({ kind: 'tool', tool }));
      return b;
    };
    this.tools = { box: toolButton('box', 'annotate.tool.box'), polygon: toolButton('polygon', 'annotate.tool.polygon'), select: toolButton('select', 'annotate.tool.select') };
    this.undo = this.action('aw-undo', 'annotate.undo', { kind: 'undo' });
    this.redo = this.action('aw-redo', 'annotate.redo', { kind: 'redo' });
    this.submit = this.action('aw-submit', 'annotate.submit', { kind: 'submit' }, true);
    this.reclaim = button({ class: 'aw-reclaim', text: t('annotate.reclaim'), i18n: 'annotate.reclaim', primary: true });
    this.reclaim.hidden = true;
    this.reclaim.addEventListener('click', () => hooks.reclaim());
    const skip = button({ class: 'aw-skip', text: t('annotate.skip'), i18n: 'annotate.skip', attrs: { id: 'aw-skip' } });
    skip.addEventListener('click', () => hooks.skip());
    const back = button({ class: 'aw-back', text: t('annotate.back'), i18n: 'annotate.back', attrs: { id: 'aw-back' } });
    back.addEventListener('click', () => hooks.leave());

    this.root = el('div', { class: 'aw-bar' }, [
      back,
      this.title,
      el('div', { class: 'aw-group' }, Object.values(this.tools)),
      el('div', { class: 'aw-group' }, [this.undo, this.redo, this.action('aw-fit', 'annotate.fit', { kind: 'fit' })]),
      el('span', { class: 'aw-spacer' }),
      this.lease,
      this.action('aw-nothing', 'annotate.nothingFound', { kind: 'nothing-found' }),
      skip,
      this.submit,
      this.reclaim,
    ]);
  }

  private action(id: string, key: MessageKey, command: AnnotateCommand, primary = false): HTMLButtonElement {
    const b = button({ text: t(key), i18n: key, primary, attrs: { id } });
    b.addEventListener('click', () => this.hooks.run(command));
    return b;
  }
}
