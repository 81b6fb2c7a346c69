/**
 * The selected vehicle's pre-flight checklist: automatic checks as the server sees them, manual
 * items an operator ticks (with a note where the site asks for one), a geofence check and an
 * admin's override. Refreshed every few seconds while the vehicle is on the ground.
 */
import type { ChecklistDTO, ChecklistItemDTO } from '../../server/protocol-checklist.js';
import { ApiError, apiJson } from '../auth/api-fetch.js';
import { canDo } from '../auth/permissions.js';
import { t } from '../i18n/i18n.js';
import { isMessageKey, type MessageKey } from '../i18n/translate.js';
import { button, el, setText } from './dom.js';

/** How often the checklist is read again while shown for a vehicle on the ground. */
const REFRESH_MS = 3000;

interface ItemRow {
  root: HTMLElement;
  detail: HTMLElement;
  tick: HTMLInputElement | null;
  note: HTMLInputElement | null;
}

const time = (ms: number): string => new Date(ms).toLocaleTimeString([], { hour12: false, hour: '2-digit', minute: '2-digit' });

/** The item's name: the site's own wording, or the translation of a built-in id. */
function itemLabel(item: ChecklistItemDTO): string {
  if (item.label) return item.label;
  const key = `checklist.item.${item.id}`;
  return isMessageKey(key) ? t(key) : item.id;
}

/** What the item's state means, in the page language. */
function itemDetail(item: ChecklistItemDTO): string {
  if (item.kind === 'manual') {
    if (item.state === 'pass' && item.doneBy && item.doneAt) return t('checklist.doneBy', { by: item.doneBy, time: time(item.doneAt) });
    return item.reason ? t(`checklist.reason.${item.reason}` as MessageKey) : '';
  }
  const measured = item.value !== null && (item.state === 'pass' || item.reason === 'below');
  if (measured && item.id === 'battery') return t('checklist.value.battery', { value: item.value!, need: item.need ?? 0 });
  if (measured && item.id === 'gps') return t('checklist.value.gps', { value: item.value!, need: item.need ?? 0 });
  if (item.state === 'pass' && item.id === 'geofence') return t('checklist.value.geofence', { value: item.value ?? 0 });
  if (item.state === 'pass') return t('checklist.ok');
  return item.reason ? t(`checklist.reason.${item.reason}` as MessageKey) : '';
}

export class ChecklistView {
  private vehicleId: string | null = null;
  private checklist: ChecklistDTO | null = null;
  private readonly status: HTMLElement;
  private readonly list: HTMLElement;
  private readonly error: HTMLElement;
  private readonly overrideForm: HTMLElement;
  private readonly overrideReason: HTMLInputElement;
  private readonly rows = new Map<string, ItemRow>();
  private signature = '';
  private timer: ReturnType<typeof setInterval> | null = null;
  private loading: Promise<void> | null = null;

  constructor(
    readonly root: HTMLElement,
    /** Called when what the checklist allows has changed (the arm button follows it). */
    private readonly onChange: () => void,
  ) {
    root.id = 'checklist';
    root.dataset.testid = 'checklist';
    const head = el('div', 'checklist-head');
    this.status = el('span', 'checklist-status', { id: 'checklist-status' });
    head.append(this.status);
    this.list = el('ul', 'checklist-items', { id: 'checklist-items' });

    const actions = el('div', 'checklist-actions');
    const fence = button('checklist-check-fence', 'checklist.checkFence', 'small');
    fence.dataset.permission = 'checklist:complete';
    fence.addEventListener('click', () => void this.call('POST', 'geofence'));
    const override = button('checklist-override', 'checklist.override', 'small');
    override.dataset.permission = 'checklist:override';
    override.addEventListener('click', () => {
      this.overrideForm.hidden = false;
      this.overrideReason.focus();
    });
    actions.append(fence, override);

    this.overrideForm = el('div', 'checklist-override-form', { id: 'checklist-override-form' });
    this.overrideForm.dataset.permission = 'checklist:override';
    this.overrideReason = el('input', '', { id: 'checklist-override-reason' });
    this.overrideReason.maxLength = 500;
    this.overrideReason.placeholder = t('checklist.overrideReason');
    const confirm = button('checklist-override-confirm', 'checklist.overrideConfirm', 'small danger');
    confirm.addEventListener('click', () => void this.sendOverride());
    const cancel = button('checklist-override-cancel', 'fly.cancel', 'small');
    cancel.addEventListener('click', () => (this.overrideForm.hidden = true));
    this.overrideForm.append(this.overrideReason, confirm, cancel);
    this.overrideForm.hidden = true;

    this.error = el('p', 'checklist-error', { id: 'checklist-error' });
    this.error.setAttribute('role', 'alert');
    this.error.hidden = true;
    root.append(head, this.list, actions, this.overrideForm, this.error);
  }

  /** Shows another vehicle's checklist (or none). */
  show(vehicleId: string | null): void {
    if (vehicleId === this.vehicleId) return;
    this.vehicleId = vehicleId;
    this.checklist = null;
    this.signature = '';
    this.rows.clear();
    this.list.replaceChildren();
    this.overrideForm.hidden = true;
    this.error.hidden = true;
    setText(this.status, vehicleId ? t('checklist.loading') : '');
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!vehicleId) return;
    void this.load();
    this.timer = setInterval(() => {
      if (!document.hidden && !this.root.hidden) void this.load();
    }, REFRESH_MS);
  }

  /** True or false once the server has said whether the vehicle may arm; null before, or when it cannot say. */
  allowsArm(vehicleId: string): boolean | null {
    if (this.checklist?.vehicleId !== vehicleId) return null;
    return this.checklist.canArm;
  }

  /** The checklist matters only on the ground; in the air it rests. */
  setAirborne(armed: boolean): void {
    this.root.dataset.armed = String(armed);
  }

  /** Re-translates. */
  refresh(): void {
    this.overrideReason.placeholder = t('checklist.overrideReason');
    this.signature = '';
    this.render();
  }

  private async load(): Promise<void> {
    if (this.loading || this.root.dataset.armed === 'true') return;
    const id = this.vehicleId;
    if (!id) return;
    this.loading = apiJson<ChecklistDTO>(`/api/vehicles/${encodeURIComponent(id)}/checklist`)
      .then((c) => this.accept(id, c))
      .catch((err: unknown) => {
        if (id === this.vehicleId) this.showError(err);
      })
      .finally(() => (this.loading = null));
    await this.loading;
  }

  private async call(method: 'PUT' | 'POST', path: '' | 'geofence' | 'override', json?: unknown): Promise<boolean> {
    const id = this.vehicleId;
    if (!id) return false;
    try {
      const suffix = path ? `/${path}` : '';
      const c = await apiJson<ChecklistDTO>(`/api/vehicles/${encodeURIComponent(id)}/checklist${suffix}`, { method, json });
      this.accept(id, c);
      return true;
    } catch (err) {
      if (id === this.vehicleId) {
        this.showError(err);
        // Put the boxes back as the server has them.
        this.signature = '';
        this.render();
      }
      return false;
    }
  }

  private async sendOverride(): Promise<void> {
    if (await this.call('POST', 'override', { reason: this.overrideReason.value })) {
      this.overrideForm.hidden = true;
      this.overrideReason.value = '';
    }
  }

  private accept(id: string, c: ChecklistDTO): void {
    if (id !== this.vehicleId) return;
    const before = this.checklist?.canArm;
    this.checklist = c;
    this.error.hidden = true;
    this.render();
    if (before !== c.canArm) this.onChange();
  }

  private showError(err: unknown): void {
    const message = err instanceof ApiError ? err.message : (err as Error).message;
    this.error.hidden = false;
    setText(this.error, t('checklist.error', { error: message }));
  }

  private render(): void {
    const c = this.checklist;
    if (!c) return;
    const open = c.items.filter((i) => i.state !== 'pass').length;
    this.status.dataset.state = c.complete ? 'ready' : c.override ? 'override' : c.required ? 'open' : 'optional';
    setText(
      this.status,
      c.complete
        ? t('checklist.ready')
        : c.override
          ? t('checklist.overridden', { by: c.override.by, until: time(c.override.until), reason: c.override.reason })
          : c.required
            ? t('checklist.open', { count: open })
            : t('checklist.optional', { count: open }),
    );
    const signature = c.items.map((i) => `${i.id}:${i.kind}:${i.label ?? ''}:${i.requiresNote}`).join('|');
    if (signature !== this.signature) this.build(c.items, signature);
    const mayTick = canDo('checklist:complete');
    for (const item of c.items) {
      const row = this.rows.get(item.id)!;
      row.root.dataset.state = item.state;
      setText(row.detail, itemDetail(item));
      if (row.tick) {
        row.tick.checked = item.state === 'pass' || item.reason === 'note_missing';
        row.tick.disabled = !mayTick;
      }
      if (row.note && document.activeElement !== row.note && row.note.value !== (item.note ?? '')) row.note.value = item.note ?? '';
      if (row.note) row.note.disabled = !mayTick;
    }
  }

  private build(items: readonly ChecklistItemDTO[], signature: string): void {
    this.signature = signature;
    this.rows.clear();
    this.list.replaceChildren(
      ...items.map((item) => {
        const li = el('li', `checklist-item ${item.kind}`);
        li.dataset.item = item.id;
        li.dataset.testid = `checklist-item-${item.id}`;
        const detail = el('span', 'item-detail');
        let tick: HTMLInputElement | null = null;
        let note: HTMLInputElement | null = null;
        if (item.kind === 'manual') {
          const label = el('label', 'item-label');
          tick = el('input', '', { id: `checklist-tick-${item.id}` });
          tick.type = 'checkbox';
          tick.addEventListener('change', () => this.tick(item.id, tick!.checked, note));
          label.append(tick, document.createTextNode(itemLabel(item)));
          li.append(label, detail);
          if (item.requiresNote) {
            note = el('input', 'item-note', { id: `checklist-note-${item.id}` });
            note.maxLength = 500;
            note.placeholder = t('checklist.notePlaceholder');
            note.addEventListener('change', () => {
              if (tick!.checked) this.tick(item.id, true, note);
            });
            li.append(note);
          }
        } else {
          li.append(el('span', 'mark'), el('span', 'item-label'), detail);
          setText(li.children[1] as HTMLElement, itemLabel(item));
        }
        this.rows.set(item.id, { root: li, detail, tick, note });
        return li;
      }),
    );
  }

  private tick(id: string, done: boolean, note: HTMLInputElement | null): void {
    const text = note?.value.trim() ?? '';
    if (done && note && !text) {
      this.rows.get(id)!.tick!.checked = false;
      this.error.hidden = false;
      setText(this.error, t('checklist.noteNeeded'));
      note.focus();
      return;
    }
    void this.call('PUT', '', { items: [{ id, done, ...(note ? { note: text } : {}) }] });
  }
}
