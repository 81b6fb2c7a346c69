/**
 * The Review view: the submitted tasks (kept fresh by `queues:changed`), the photo with the
 * annotator's shapes (both annotators' when consensus disagreed, in two colours, with a choice of
 * which to accept), and accept (A) / reject with a comment (R), then on to the next.
 */
import type { AnnotationDTO, QueueDTO, TaskDTO } from '../../server/protocol-annotation.js';
import { onLocaleChange, t } from '../i18n/i18n.js';
import { errorText, getTask, imageFileUrl, listQueues, listTasks, reviewTask } from '../annotate/annotation-api.js';
import { button, el } from '../annotate/dom.js';
import { reviewCommand, typingInField } from '../annotate/hotkeys.js';
import { ImageEditor } from '../annotate/image-editor.js';
import { colorOf, labelColors } from '../annotate/label-colors.js';
import { labelText, shapeSummary, valueText } from '../annotate/label-text.js';
import { ANNOTATOR_COLORS, reviewDraft, underReview, type ReviewDraft } from './review-shapes.js';

const LIST_LIMIT = 200;
/** Changes arriving together reload the list once. */
const RELOAD_DELAY_MS = 300;

interface Open {
  task: TaskDTO;
  annotations: AnnotationDTO[];
  view: ReviewDraft;
  /** Index of the annotation an accept takes (consensus). */
  chosen: number;
}

export class ReviewView {
  private readonly list = el('ul', { class: 'rv-list', attrs: { id: 'rv-list' } });
  private readonly listNote = el('p', { class: 'aw-note' });
  private readonly queueFilter = el('select', { class: 'rv-queue', attrs: { id: 'rv-queue' } });
  private readonly info = el('div', { class: 'rv-info' });
  private readonly comment = el('textarea', { class: 'rv-comment', attrs: { id: 'rv-comment', rows: '3', maxlength: '2000' } });
  private readonly status = el('p', { class: 'aw-status', attrs: { role: 'status', id: 'rv-status' } });
  private readonly side: HTMLElement;
  private readonly editor: ImageEditor;
  private active = false;
  private busy = false;
  private queues: QueueDTO[] = [];
  private colors = new Map<string, string>();
  private tasks: TaskDTO[] = [];
  private open: Open | null = null;
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(root: HTMLElement) {
    this.queueFilter.addEventListener('change', () => void this.reload());
    this.comment.setAttribute('placeholder', t('review.commentPlaceholder'));
    this.comment.dataset.i18nPlaceholder = 'review.commentPlaceholder';
    this.comment.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        void this.decide('reject');
      } else if (e.key === 'Escape') this.comment.blur();
    });
    const accept = button({ text: t('review.accept'), i18n: 'review.accept', primary: true, attrs: { id: 'rv-accept' } });
    accept.addEventListener('click', () => void this.decide('accept'));
    const reject = button({ text: t('review.reject'), i18n: 'review.reject', attrs: { id: 'rv-reject' } });
    reject.addEventListener('click', () => void this.decide('reject'));
    const next = button({ text: t('review.next'), i18n: 'review.next', attrs: { id: 'rv-next' } });
    next.addEventListener('click', () => this.step());
    const stage = el('div', { class: 'aw-stage rv-stage', attrs: { id: 'rv-stage' } });
    this.side = el('aside', { class: 'aw-side rv-side' }, [
      this.info,
      el('label', { class: 'rv-comment-field' }, [el('span', { text: t('review.comment'), data: { i18n: 'review.comment' } }), this.comment]),
      el('div', { class: 'rv-buttons' }, [accept, reject, next]),
      this.status,
      el('p', { class: 'aw-keys', text: t('review.keys'), data: { i18n: 'review.keys' } }),
    ]);
    this.side.hidden = true;
    root.append(
      el('aside', { class: 'rv-tasks' }, [el('h2', { text: t('review.title'), data: { i18n: 'review.title' } }), this.queueFilter, this.listNote, this.list]),
      el('div', { class: 'rv-main' }, [stage, this.side]),
    );
    this.editor = new ImageEditor(stage, {
      commit: () => {},
      select: () => {},
      newShape: () => null,
      lookOf: (s) => {
        const owner = this.open?.view.owner.get(s.id) ?? 0;
        const two = (this.open?.annotations.length ?? 0) > 1;
        const severity = s.shape.attributes.severity;
        const text = `${labelText(s.shape.label, this.labels())}${severity !== undefined ? ` · ${valueText(severity)}` : ''}`;
        return { color: two ? ANNOTATOR_COLORS[owner % 2] : colorOf(this.colors, s.shape.label), text, dashed: two && owner === 1 };
      },
    }, true);
    document.addEventListener('keydown', (e) => this.key(e));
    onLocaleChange(() => {
      this.comment.setAttribute('placeholder', t('review.commentPlaceholder'));
      this.renderFilter();
      this.renderList();
      this.renderInfo();
    });
  }

  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    if (active) void this.start();
  }

  /** Depths moved: the list may have grown or shrunk. */
  queuesChanged(): void {
    if (!this.active || this.reloadTimer) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      void this.reload();
    }, RELOAD_DELAY_MS);
  }

  private async start(): Promise<void> {
    try {
      if (this.queues.length === 0) {
        this.queues = await listQueues();
        this.colors = labelColors(...this.queues.map((q) => q.labels));
        this.renderFilter();
      }
      await this.reload();
    } catch (err) {
      this.listNote.textContent = errorText(err);
    }
  }

  private labels() {
    return this.queues.find((q) => q.id === this.open?.task.queueId)?.labels ?? [];
  }

  private async reload(): Promise<void> {
    try {
      const { rows } = await listTasks({ state: 'submitted', queue: this.queueFilter.value || undefined, limit: LIST_LIMIT });
      this.tasks = rows;
    } catch (err) {
      this.listNote.textContent = errorText(err);
      return;
    }
    this.renderList();
    if (this.open && !this.tasks.some((x) => x.id === this.open!.task.id)) this.close();
    if (!this.open && this.tasks.length > 0) await this.show(this.tasks[0].id);
  }

  private renderFilter(): void {
    const value = this.queueFilter.value;
    this.queueFilter.replaceChildren(
      el('option', { text: t('review.allQueues'), attrs: { value: '' } }),
      ...this.queues.map((q) => el('option', { text: q.name, attrs: { value: q.id } })),
    );
    this.queueFilter.value = value;
  }

  private renderList(): void {
    this.listNote.textContent = this.tasks.length === 0 ? t('review.empty') : t('review.count', { count: this.tasks.length });
    this.list.replaceChildren(
      ...this.tasks.map((task) => {
        const queue = this.queues.find((q) => q.id === task.queueId);
        const pick = button({ class: 'rv-pick', text: `${queue?.name ?? task.queueId} · ${new Date(task.capturedAt).toLocaleString()}` });
        pick.addEventListener('click', () => void this.show(task.id));
        const li = el('li', { data: { task: task.id } }, [pick]);
        li.setAttribute('aria-selected', String(task.id === this.open?.task.id));
        if (task.rework) li.dataset.rework = '';
        return li;
      }),
    );
  }

  private async show(taskId: string): Promise<void> {
    try {
      const task = await getTask(taskId);
      const annotations = underReview(task);
      this.open = { task, annotations, view: reviewDraft(annotations), chosen: 0 };
      this.comment.value = '';
      this.side.hidden = false;
      this.renderInfo();
      this.renderList();
      this.editor.setDraft({ shapes: [] }, null);
      await this.editor.show(imageFileUrl(task.imageId));
      if (this.open?.task.id === taskId) this.editor.setDraft(this.open.view.draft, null);
    } catch (err) {
      this.say(errorText(err), true);
    }
  }

  private close(): void {
    this.open = null;
    this.side.hidden = true;
    this.editor.setDraft({ shapes: [] }, null);
  }

  private renderInfo(): void {
    const open = this.open;
    if (!open) return this.info.replaceChildren();
    const queue = this.queues.find((q) => q.id === open.task.queueId);
    const parts: HTMLElement[] = [el('h3', { text: queue?.name ?? open.task.queueId }), el('p', { text: new Date(open.task.capturedAt).toLocaleString() })];
    if (open.task.rework) parts.push(el('p', { class: 'aw-rework', text: t('review.reworked') }));
    open.annotations.forEach((a, i) => {
      const head = el('div', { class: 'rv-annotation-head' });
      if (open.annotations.length > 1) {
        const radio = el('input', { attrs: { type: 'radio', name: 'rv-choice', value: String(i) } });
        radio.checked = open.chosen === i;
        radio.addEventListener('change', () => (open.chosen = i));
        const swatch = el('span', { class: 'swatch' });
        swatch.style.background = ANNOTATOR_COLORS[i % 2];
        head.append(el('label', {}, [radio, swatch, el('span', { text: t('review.annotator', { n: i + 1 }) })]));
      }
      const shapes = a.kind === 'nothing'
        ? [el('li', { text: t('review.nothingFound') })]
        : a.shapes.map((s) => el('li', { text: shapeSummary(s, queue?.labels) }));
      parts.push(el('section', { class: 'rv-annotation', data: { annotation: a.id } }, [head, el('ul', { class: 'rv-shapes' }, shapes)]));
    });
    this.info.replaceChildren(...parts);
  }

  private async decide(decision: 'accept' | 'reject'): Promise<void> {
    const open = this.open;
    if (!open || this.busy) return;
    const comment = this.comment.value.trim();
    if (decision === 'reject' && !comment) {
      this.say(t('review.needComment'), true);
      this.comment.focus();
      return;
    }
    this.busy = true;
    try {
      const annotationId = open.annotations.length > 1 ? open.annotations[open.chosen]?.id : undefined;
      await reviewTask(open.task.id, { decision, ...(comment && { comment }), ...(annotationId && { annotationId }) });
    } catch (err) {
      return this.say(errorText(err), true);
    } finally {
      this.busy = false;
    }
    this.comment.blur();
    const at = this.tasks.findIndex((x) => x.id === open.task.id);
    this.tasks = this.tasks.filter((x) => x.id !== open.task.id);
    this.close();
    this.renderList();
    this.say(t(decision === 'accept' ? 'review.accepted' : 'review.rejected'));
    const next = this.tasks[Math.min(at, this.tasks.length - 1)];
    if (next) await this.show(next.id);
  }

  /** Opens the task after the open one. */
  private step(): void {
    const at = this.tasks.findIndex((x) => x.id === this.open?.task.id);
    const next = this.tasks[(at + 1) % Math.max(1, this.tasks.length)];
    if (next && next.id !== this.open?.task.id) void this.show(next.id);
  }

  private say(text: string, error = false): void {
    this.status.textContent = text;
    if (error) this.status.dataset.error = '';
    else delete this.status.dataset.error;
  }

  private key(e: KeyboardEvent): void {
    if (!this.active || typingInField(e.target) || document.querySelector('dialog[open]')) return;
    const command = reviewCommand(e);
    if (!command) return;
    e.preventDefault();
    if (command.kind === 'accept') void this.decide('accept');
    else if (command.kind === 'reject') void this.decide('reject');
    else if (command.kind === 'next') this.step();
    else this.editor.fit();
  }
}
