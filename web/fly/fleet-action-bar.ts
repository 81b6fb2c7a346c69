/**
 * Fleet actions on the vehicles ticked in the list: start, pause or return them all, after a
 * confirmation, with each vehicle's answer listed as it arrives.
 */
import { canDo } from '../auth/permissions.js';
import type { FleetStore } from '../fleet/store.js';
import { t } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/translate.js';
import type { FleetSocket } from '../net/socket.js';
import { sendAction, type CommandOutcome } from './actions.js';
import { ConfirmationGate } from './confirmation.js';
import { button, el, setText } from './dom.js';
import { FLEET_ACTIONS, fleetAction, runFleetAction, summarise, type FleetActionType, type FleetOutcomes } from './fleet-actions.js';
import type { FleetPicks } from './fleet-picks.js';

const LABELS: Record<FleetActionType, MessageKey> = { mission_start: 'fly.fleet.start', pause: 'fly.fleet.pause', rtl: 'fly.fleet.rtl' };

export interface FleetActionBarDeps {
  socket: FleetSocket;
  store: FleetStore;
  picks: FleetPicks;
  now(): number;
}

export class FleetActionBar {
  readonly root: HTMLElement;
  private readonly count: HTMLElement;
  private readonly confirmRow: HTMLElement;
  private readonly confirmText: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly results: HTMLOListElement;
  private readonly gate = new ConfirmationGate<{ type: FleetActionType; ids: string[] }>();
  private running = false;

  constructor(private readonly deps: FleetActionBarDeps) {
    this.root = el('section', 'fleet-actions', { id: 'fleet-actions' });
    this.root.dataset.permission = 'vehicle:command';
    const bar = el('div', 'fleet-actions-bar');
    this.count = el('span', 'fleet-picked', { id: 'fleet-picked' });
    const all = button('fleet-pick-all', 'fly.fleet.all', 'link-button');
    all.addEventListener('click', () => deps.picks.set([...deps.store.values()].map((v) => v.id)));
    const clear = button('fleet-pick-clear', 'fly.fleet.clear', 'link-button');
    clear.addEventListener('click', () => deps.picks.set([]));
    bar.append(this.count, all, clear);
    const actions = el('div', 'fleet-actions-buttons');
    for (const type of FLEET_ACTIONS) {
      const b = button(`fleet-${type.replace('_', '-')}`, LABELS[type], 'cmd guarded');
      b.addEventListener('click', () => this.request(type));
      actions.append(b);
    }
    this.confirmRow = el('div', 'cmd-confirm-row', { id: 'fleet-confirmation' });
    this.confirmText = el('span', 'confirm-text');
    const confirm = button('fleet-confirm', 'fly.confirm', 'primary danger');
    confirm.addEventListener('click', () => void this.confirm());
    const cancel = button('fleet-cancel', 'fly.cancel', 'small');
    cancel.addEventListener('click', () => {
      this.gate.cancel();
      this.confirmRow.hidden = true;
    });
    this.confirmRow.append(this.confirmText, confirm, cancel);
    this.confirmRow.hidden = true;
    this.summary = el('p', 'fleet-summary-line', { id: 'fleet-result' });
    this.summary.setAttribute('role', 'status');
    this.summary.hidden = true;
    this.results = el('ol', 'fleet-results', { id: 'fleet-results' });
    this.root.append(bar, actions, this.confirmRow, this.summary, this.results);
    deps.picks.onChange(() => this.render());
    this.render();
  }

  /** Shows the bar while vehicles are picked and the user may command them. */
  render(): void {
    const n = this.deps.picks.size;
    this.root.hidden = n === 0 || !canDo('vehicle:command');
    setText(this.count, t('fly.fleet.picked', { count: n }));
    for (const b of this.root.querySelectorAll<HTMLButtonElement>('.fleet-actions-buttons button')) b.disabled = this.running || n === 0;
  }

  private request(type: FleetActionType): void {
    const ids = this.deps.picks.values();
    if (ids.length === 0) return;
    this.gate.request({ type, ids }, true, this.deps.now());
    setText(this.confirmText, t('fly.fleet.confirm', { action: t(LABELS[type]), count: ids.length }));
    this.confirmRow.hidden = false;
    this.confirmRow.dataset.action = type;
  }

  private async confirm(): Promise<void> {
    const pending = this.gate.confirm(this.deps.now());
    this.confirmRow.hidden = true;
    if (!pending || this.running) return;
    this.running = true;
    this.render();
    const label = t(LABELS[pending.type]);
    const rows = new Map<string, HTMLElement>();
    this.results.replaceChildren(
      ...pending.ids.map((id) => {
        const li = el('li', 'fleet-result');
        li.dataset.id = id;
        li.dataset.outcome = 'pending';
        li.append(el('span', 'fleet-result-name'), el('span', 'fleet-result-text'));
        setText(li.firstElementChild as HTMLElement, this.deps.store.get(id)?.name ?? id);
        setText(li.lastElementChild as HTMLElement, t('fly.fleet.waiting'));
        rows.set(id, li);
        return li;
      }),
    );
    let outcomes: FleetOutcomes = new Map(pending.ids.map((id) => [id, null]));
    const show = (): void => {
      const s = summarise(outcomes);
      this.summary.hidden = false;
      this.summary.dataset.outcome = s.waiting > 0 ? 'pending' : s.failed > 0 ? 'error' : 'ok';
      setText(this.summary, t('fly.fleet.result', { action: label, ok: s.ok, failed: s.failed, waiting: s.waiting }));
    };
    show();
    outcomes = await runFleetAction(pending.ids, (id) => sendAction(this.deps.socket, id, fleetAction(pending.type)), {
      onResult: (id, outcome: CommandOutcome) => {
        outcomes.set(id, outcome);
        const li = rows.get(id)!;
        li.dataset.outcome = outcome.ok ? 'ok' : 'error';
        setText(li.lastElementChild as HTMLElement, outcome.ok ? t('fly.fleet.accepted') : outcome.error);
        show();
      },
    });
    show();
    this.running = false;
    this.render();
  }
}
