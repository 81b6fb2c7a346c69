/**
 * The Annotate view: the queue overview, then one photo at a time under a lease. Claim, draw,
 * label, submit and straight on to the next photo, whose file is already being fetched; the lease
 * is renewed while the view is open and its countdown shown. All edits go through `commit`, which
 * keeps the undo history.
 */
import type { ClaimDTO, Labelling, QueuesChangedDTO, Shape } from '../../server/protocol-annotation.js';
import { ApiError } from '../auth/api-fetch.js';
import { onLocaleChange, t } from '../i18n/i18n.js';
import { claimNext, errorText, getTask, heartbeat, imageFileUrl, listQueues, listTasks, skipTask, submitTask } from './annotation-api.js';
import { el } from './dom.js';
import { acceptSuggestions, draftOf, EMPTY_DRAFT, findShape, removeShape, setAttribute, setLabel, submission, type Draft } from './draft.js';
import { annotateCommand, typingInField, type AnnotateCommand, type Tool } from './hotkeys.js';
import { ImageEditor } from './image-editor.js';
import { colorOf, labelColors } from './label-colors.js';
import { attributeDefaults, choiceAttribute, LabelPanel } from './label-panel.js';
import { labelText, valueText } from './label-text.js';
import { formatCountdown, LeaseKeeper, leaseMsOf } from './lease-keeper.js';
import { QueueOverview } from './queue-overview.js';
import { SkipDialog } from './skip-dialog.js';
import { UndoHistory } from './undo-history.js';
import { WorkstationBar } from './workstation-bar.js';

const QUEUE_KEY = 'fleet.annotate.queue';
/** Lease countdown turns amber under this. */
const WARN_MS = 60_000;

interface Work {
  claim: ClaimDTO;
  draft: Draft;
  selectedId: string | null;
  history: UndoHistory<Draft>;
  keeper: LeaseKeeper;
  lost: boolean;
  /** False until the photo is shown: keys pressed before then are not meant for it. */
  ready: boolean;
  colors: Map<string, string>;
  /** Attribute values new shapes get. */
  values: Record<string, string | number>;
}

export class Workstation {
  private readonly overview: QueueOverview;
  private readonly task: HTMLElement;
  private readonly rework = el('span', { class: 'aw-rework' });
  private readonly status = el('p', { class: 'aw-status', attrs: { role: 'status', id: 'aw-status' } });
  private readonly bar: WorkstationBar;
  private readonly editor: ImageEditor;
  private readonly panel: LabelPanel;
  private readonly skipDialog: SkipDialog;
  private active = false;
  private loaded = false;
  private busy = false;
  private work: Work | null = null;
  private queueId: string | null = readStored();
  private label: string | null = null;
  /** Keeps the next photo's request alive until it has loaded. */
  private preloaded: HTMLImageElement | null = null;

  constructor(private readonly root: HTMLElement) {
    this.overview = new QueueOverview((id) => void this.claim(id));
    this.bar = new WorkstationBar({
      run: (command) => this.run(command),
      skip: () => void this.skip(),
      leave: () => void this.leave(),
      reclaim: () => this.queueId && void this.claim(this.queueId),
    });
    const stage = el('div', { class: 'aw-stage', attrs: { id: 'aw-stage' } });
    this.panel = new LabelPanel({
      pickLabel: (index) => this.run({ kind: 'label', index }),
      pickChoice: (index) => this.run({ kind: 'choice', index }),
      setNumber: (key, value, commit) => this.setNumber(key, value, commit),
      acceptSuggestions: () => this.run({ kind: 'accept-suggestion' }),
      select: (id) => this.select(id),
      remove: (id) => this.work && this.commit(removeShape(this.work.draft, id), null),
    });
    this.task = el('div', { class: 'aw-task' }, [this.bar.root, this.rework, el('div', { class: 'aw-body' }, [stage, this.panel.root]), this.status]);
    this.task.hidden = true;
    root.append(this.overview.root, this.task);
    this.skipDialog = new SkipDialog(root);
    this.editor = new ImageEditor(stage, {
      commit: (next, selectedId) => this.commit(next, selectedId),
      select: (id) => this.select(id),
      newShape: (g) => this.newShape(g),
      lookOf: (s) => {
        const attrs = choiceAttribute(this.work?.claim.queue.attributes ?? []);
        const severity = attrs ? s.shape.attributes[attrs.key] : undefined;
        const name = labelText(s.shape.label, this.work?.claim.queue.labels);
        return { color: colorOf(this.work?.colors ?? new Map(), s.shape.label), text: severity === undefined ? name : `${name} · ${valueText(severity)}` };
      },
    });
    this.setTool('box');

    document.addEventListener('keydown', (e) => this.key(e));
    document.addEventListener('keyup', (e) => e.key === ' ' && this.editor.setSpaceHeld(false));
    window.addEventListener('blur', () => this.editor.setSpaceHeld(false));
    onLocaleChange(() => {
      this.overview.render();
      if (this.work) this.showQueue(this.work);
      this.redraw();
    });
  }

  /** Shown or hidden by the view switch; the lease is renewed only while shown. */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    if (active && !this.loaded) void this.loadQueues();
    if (!this.work || this.work.lost) return;
    if (active) this.work.keeper.start();
    else this.work.keeper.stop();
  }

  /** A `queues:changed` from the server. */
  queuesChanged(change: QueuesChangedDTO): void {
    this.overview.applyChange(change);
  }

  private async loadQueues(): Promise<void> {
    try {
      this.overview.setQueues(await listQueues());
      this.loaded = true;
    } catch (err) {
      this.overview.say(errorText(err));
    }
  }

  private async claim(queueId: string): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.queueId = queueId;
    store(queueId);
    let claim: ClaimDTO | null;
    try {
      claim = await claimNext(queueId);
    } catch (err) {
      if (this.work) this.say(errorText(err), true);
      else this.overview.say(errorText(err));
      return;
    } finally {
      this.busy = false;
    }
    if (!claim) return this.toOverview(t('annotate.queueEmpty', { queue: this.queueName(queueId) }));
    const keep = this.work?.claim.task.id === claim.task.id ? this.work.draft : null;
    await this.open(claim, keep);
  }

  private async open(claim: ClaimDTO, keep: Draft | null): Promise<void> {
    this.work?.keeper.stop();
    const colors = labelColors(claim.queue.labels);
    const work: Work = {
      claim,
      draft: EMPTY_DRAFT,
      selectedId: null,
      history: new UndoHistory<Draft>(),
      keeper: new LeaseKeeper({
        leaseMs: leaseMsOf(claim),
        renew: async () => void (await heartbeat(claim.task.id)),
        isFinal: (err) => err instanceof ApiError && [403, 404, 409].includes(err.status),
        onTick: (ms) => this.showLease(ms),
        onLost: (why, err) => this.lost(work, why === 'expired' ? t('annotate.leaseExpired') : errorText(err)),
      }),
      lost: false,
      ready: false,
      colors,
      values: attributeDefaults(claim.queue.attributes),
    };
    this.work = work;
    if (!claim.queue.labels.some((l) => l.key === this.label)) this.label = claim.queue.labels[0]?.key ?? null;
    this.overview.root.hidden = true;
    this.task.hidden = false;
    this.bar.reclaim.hidden = true;
    this.bar.submit.hidden = false;
    this.say('');
    this.showQueue(work);
    this.editor.setDraft(EMPTY_DRAFT, null);
    if (this.active) work.keeper.start();
    void this.preloadNext(claim);
    try {
      await this.editor.show(claim.image.fileUrl, { width: claim.image.width ?? undefined, height: claim.image.height ?? undefined });
    } catch {
      if (this.work === work) this.say(t('annotate.imageFailed'), true);
    }
    if (this.work !== work) return;
    work.draft = keep ?? draftOf(await this.reworkShapes(claim), claim.suggestions);
    work.ready = true;
    this.redraw();
  }

  /** Shapes to start from: for work sent back after review, what this annotator submitted last time. */
  private async reworkShapes(claim: ClaimDTO): Promise<Shape[]> {
    if (!claim.task.rework) return [];
    try {
      const task = await getTask(claim.task.id);
      const mine = (task.annotations ?? []).filter((a) => a.status === 'rejected' && a.kind === 'labels').at(-1);
      return mine?.shapes ?? [];
    } catch {
      return [];
    }
  }

  private showQueue(work: Work): void {
    const { claim } = work;
    this.panel.setQueue(claim.queue.labels, claim.queue.attributes, work.colors);
    this.bar.title.textContent = `${claim.queue.name} · ${new Date(claim.image.capturedAt).toLocaleString()}`;
    this.rework.hidden = !claim.task.rework;
    this.rework.textContent = claim.task.rework ? t('annotate.reworkNote', { comment: claim.task.reviewComment ?? '' }) : '';
  }

  private async preloadNext(claim: ClaimDTO): Promise<void> {
    try {
      const { rows } = await listTasks({ queue: claim.queue.id, state: 'queued', limit: 2 });
      const next = rows.find((r) => r.imageId !== claim.image.id);
      if (!next) return;
      const img = new Image();
      img.decoding = 'async';
      img.addEventListener('load', () => this.preloaded === img && (this.preloaded = null), { once: true });
      img.src = imageFileUrl(next.imageId);
      this.preloaded = img;
    } catch {
      // Only a head start is lost.
    }
  }

  private showLease(ms: number): void {
    this.bar.lease.textContent = t('annotate.lease', { time: formatCountdown(ms) });
    if (ms < WARN_MS) this.bar.lease.dataset.warn = '';
    else delete this.bar.lease.dataset.warn;
  }

  private lost(work: Work, message: string): void {
    if (this.work !== work) return;
    work.lost = true;
    this.bar.lease.textContent = t('annotate.leaseLost');
    this.bar.lease.dataset.warn = '';
    this.bar.submit.hidden = true;
    this.bar.reclaim.hidden = false;
    this.say(message, true);
  }

  private toOverview(note: string | null): void {
    this.work?.keeper.stop();
    this.work = null;
    this.editor.setDraft(EMPTY_DRAFT, null);
    this.task.hidden = true;
    this.overview.root.hidden = false;
    this.overview.say(note);
    void this.loadQueues();
  }

  /** Back to the queues: the task is handed back (skipped) so nobody waits for its lease to run out. */
  private async leave(): Promise<void> {
    const work = this.work;
    if (!work || work.lost) return this.toOverview(null);
    const reason = await this.skipDialog.ask();
    if (reason === null) return;
    await this.finish(work, () => skipTask(work.claim.task.id, reason), false);
  }

  private async skip(): Promise<void> {
    const work = this.work;
    if (!work || work.lost || this.busy) return;
    const reason = await this.skipDialog.ask();
    if (reason !== null) await this.finish(work, () => skipTask(work.claim.task.id, reason), true);
  }

  private async send(body: Labelling): Promise<void> {
    const work = this.work;
    if (!work || work.lost) return;
    await this.finish(work, () => submitTask(work.claim.task.id, body), true);
  }

  /** Submits or skips, then claims the next task from the same queue (or returns to the queues). */
  private async finish(work: Work, request: () => Promise<unknown>, next: boolean): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    work.keeper.stop();
    try {
      await request();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) this.lost(work, errorText(err));
      else {
        this.say(errorText(err), true);
        if (this.active) work.keeper.start();
      }
      return;
    } finally {
      this.busy = false;
    }
    if (next) await this.claim(work.claim.queue.id);
    else this.toOverview(null);
  }

  private queueName(id: string): string {
    return this.work?.claim.queue.id === id ? this.work.claim.queue.name : (this.overview.root.querySelector<HTMLElement>(`[data-queue="${CSS.escape(id)}"] h3`)?.textContent ?? id);
  }

  private newShape(g: { kind: 'box'; rect: { x: number; y: number; width: number; height: number } } | { kind: 'polygon'; points: [number, number][] }): Shape | null {
    if (!this.work || this.work.lost) return null;
    if (!this.label) {
      this.say(t('annotate.pickLabel'), true);
      return null;
    }
    const attributes = { ...this.work.values };
    return g.kind === 'box' ? { kind: 'box', ...g.rect, label: this.label, attributes } : { kind: 'polygon', points: g.points, label: this.label, attributes };
  }

  private commit(next: Draft, selectedId: string | null): void {
    const work = this.work;
    if (!work || next === work.draft) {
      if (work) this.select(selectedId);
      return;
    }
    work.history.record(work.draft);
    work.draft = next;
    work.selectedId = selectedId;
    this.redraw();
  }

  private select(id: string | null): void {
    if (!this.work) return;
    this.work.selectedId = findShape(this.work.draft, id) ? id : null;
    this.redraw();
  }

  private redraw(): void {
    const work = this.work;
    this.editor.setDraft(work?.draft ?? EMPTY_DRAFT, work?.selectedId ?? null);
    if (!work) return;
    this.panel.render(work.draft, work.selectedId, { label: this.label, values: work.values });
    this.bar.undo.disabled = !work.history.canUndo;
    this.bar.redo.disabled = !work.history.canRedo;
  }

  private setTool(tool: Tool): void {
    this.editor.setTool(tool);
    for (const [name, b] of Object.entries(this.bar.tools)) b.setAttribute('aria-pressed', String(name === tool));
  }

  private setNumber(key: string, value: number, commit: boolean): void {
    const work = this.work;
    if (!work) return;
    work.values[key] = value;
    if (commit && work.selectedId) this.commit(setAttribute(work.draft, work.selectedId, key, value), work.selectedId);
  }

  private say(text: string, error = false): void {
    this.status.textContent = text;
    if (error) this.status.dataset.error = '';
    else delete this.status.dataset.error;
  }

  private key(e: KeyboardEvent): void {
    if (!this.active || !this.work || this.skipDialog.open || typingInField(e.target) || document.querySelector('dialog[open]')) return;
    if (e.key === ' ') {
      e.preventDefault();
      this.editor.setSpaceHeld(true);
      return;
    }
    const command = annotateCommand(e);
    if (!command) return;
    e.preventDefault();
    this.run(command);
  }

  /** Carries out one command, from a key or a button. */
  private run(c: AnnotateCommand): void {
    const work = this.work;
    if (!work?.ready) return;
    const { draft, selectedId } = work;
    switch (c.kind) {
      case 'label': {
        const label = work.claim.queue.labels[c.index];
        if (!label) return;
        this.label = label.key;
        if (selectedId) this.commit(setLabel(draft, selectedId, label.key), selectedId);
        else this.redraw();
        return;
      }
      case 'choice': {
        const attr = choiceAttribute(work.claim.queue.attributes);
        const value = attr?.values[c.index];
        if (!attr || value === undefined) return;
        work.values[attr.key] = value;
        if (selectedId) this.commit(setAttribute(draft, selectedId, attr.key, value), selectedId);
        else this.redraw();
        return;
      }
      case 'undo':
      case 'redo': {
        const back = c.kind === 'undo' ? work.history.undo(draft) : work.history.redo(draft);
        if (!back) return;
        work.draft = back;
        if (!findShape(back, selectedId)) work.selectedId = null;
        this.redraw();
        return;
      }
      case 'nothing-found':
        if (submission(draft).length > 0) return this.say(t('annotate.nothingWithShapes'), true);
        return void this.send({ nothingFound: true });
      case 'submit': {
        if (this.editor.isDrawing()) return this.editor.finishPolygon();
        const shapes = submission(draft);
        if (shapes.length === 0) return this.say(t('annotate.needShape'), true);
        return void this.send({ shapes });
      }
      case 'delete':
        if (selectedId) this.commit(removeShape(draft, selectedId), null);
        return;
      case 'tool':
        return this.setTool(c.tool);
      case 'accept-suggestion':
        return this.commit(acceptSuggestions(draft, selectedId), selectedId);
      case 'fit':
        return this.editor.fit();
      case 'cancel':
        if (!this.editor.cancel()) this.select(null);
        return;
      case 'cycle': {
        const ids = draft.shapes.map((s) => s.id);
        if (ids.length === 0) return;
        const at = selectedId ? ids.indexOf(selectedId) : -1;
        return this.select(ids[(at + (c.back ? ids.length - 1 : 1) + ids.length) % ids.length]);
      }
    }
  }
}

function readStored(): string | null {
  try {
    return localStorage.getItem(QUEUE_KEY);
  } catch {
    return null;
  }
}

function store(queueId: string): void {
  try {
    localStorage.setItem(QUEUE_KEY, queueId);
  } catch {
    // remembered for this page only
  }
}
