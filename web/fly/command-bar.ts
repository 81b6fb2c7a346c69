/**
 * The selected vehicle's command bar: arm, take off, start mission, pause / continue, return, land
 * and go to a point picked on the map. Dangerous actions take a second click; every action shows
 * the vehicle's acknowledgement or the server's reason for refusing it.
 */
import type { VehicleDTO } from '../../server/protocol.js';
import { t } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/translate.js';
import { NEEDS_CONFIRMATION, sendAction, type FlyAction, type FlyActionType } from './actions.js';
import { ConfirmationGate } from './confirmation.js';
import { button, el, setText } from './dom.js';
import type { FleetSocket } from '../net/socket.js';

const LABELS: Record<FlyActionType, MessageKey> = {
  arm: 'fly.arm',
  disarm: 'fly.disarm',
  takeoff: 'fly.takeoff',
  mission_start: 'fly.missionStart',
  pause: 'fly.pause',
  continue: 'fly.continue',
  rtl: 'fly.rtl',
  land: 'fly.land',
  goto: 'fly.goto',
};

/** Take-off height offered first, m above home. */
const DEFAULT_TAKEOFF_M = 30;

/** The action's name in the page language. */
export function actionLabel(type: FlyActionType): string {
  return t(LABELS[type]);
}

/** The action with its arguments, as the confirmation asks about it. */
export function describeAction(a: FlyAction): string {
  if (a.type === 'takeoff') return t('fly.describe.takeoff', { alt: a.altitude });
  if (a.type === 'goto') return t('fly.describe.goto', { lat: a.lat.toFixed(6), lon: a.lon.toFixed(6), alt: a.altitude });
  return actionLabel(a.type);
}

export interface CommandBarDeps {
  socket: FleetSocket;
  /** Whether the checklist lets the vehicle arm; null when unknown (the server decides). */
  checklistAllowsArm(id: string): boolean | null;
  /** Shows that the next map click picks a point. */
  setPicking(on: boolean): void;
  now(): number;
}

type Outcome = 'pending' | 'ok' | 'error';

export class CommandBar {
  private readonly buttons = new Map<FlyActionType, HTMLButtonElement>();
  private readonly takeoffAlt: HTMLInputElement;
  private readonly gotoAlt: HTMLInputElement;
  private readonly pickRow: HTMLElement;
  private readonly confirmRow: HTMLElement;
  private readonly confirmText: HTMLElement;
  private readonly result: HTMLElement;
  private readonly gate = new ConfirmationGate<FlyAction>();
  private vehicle: VehicleDTO | null = null;
  private picking = false;
  private lapse: ReturnType<typeof setTimeout> | null = null;
  /** Answers to commands sent for an earlier selection are not shown. */
  private epoch = 0;

  constructor(
    readonly root: HTMLElement,
    private readonly deps: CommandBarDeps,
  ) {
    root.id = 'command-bar';
    root.dataset.testid = 'command-bar';
    root.dataset.permission = 'vehicle:command';
    const rows = [
      ['arm', 'disarm', 'takeoff'],
      ['mission_start', 'pause', 'continue'],
      ['rtl', 'land', 'goto'],
    ] as const;
    this.takeoffAlt = this.altitudeInput('takeoff-altitude', DEFAULT_TAKEOFF_M);
    this.gotoAlt = this.altitudeInput('goto-altitude', DEFAULT_TAKEOFF_M);
    for (const row of rows) {
      const line = el('div', 'cmd-row');
      for (const type of row) {
        const b = button(`cmd-${type.replace('_', '-')}`, LABELS[type], `cmd cmd-${type}`);
        if (NEEDS_CONFIRMATION.has(type)) b.classList.add('guarded');
        b.addEventListener('click', () => this.click(type));
        this.buttons.set(type, b);
        if (type === 'takeoff') {
          const group = el('span', 'cmd-with-input');
          group.append(b, this.takeoffAlt, el('span', 'unit', { i18n: 'fly.metres' }));
          line.append(group);
        } else {
          line.append(b);
        }
      }
      root.append(line);
    }

    this.pickRow = el('div', 'cmd-pick', { id: 'goto-pick' });
    const pickCancel = button('goto-cancel', 'fly.cancel', 'small');
    pickCancel.addEventListener('click', () => this.stopPicking());
    this.pickRow.append(el('span', 'pick-hint', { i18n: 'fly.gotoPick' }), el('span', 'cmd-with-input'), pickCancel);
    this.pickRow.children[1].append(el('span', '', { i18n: 'fly.altitude' }), this.gotoAlt, el('span', 'unit', { i18n: 'fly.metres' }));
    this.pickRow.hidden = true;

    this.confirmRow = el('div', 'cmd-confirm-row', { id: 'cmd-confirmation' });
    this.confirmText = el('span', 'confirm-text');
    const confirm = button('cmd-confirm', 'fly.confirm', 'primary danger');
    const cancel = button('cmd-cancel', 'fly.cancel', 'small');
    confirm.addEventListener('click', () => this.confirm());
    cancel.addEventListener('click', () => this.cancel());
    this.confirmRow.append(this.confirmText, confirm, cancel);
    this.confirmRow.hidden = true;

    this.result = el('p', 'cmd-result', { id: 'cmd-result' });
    this.result.setAttribute('role', 'status');
    this.result.hidden = true;
    root.append(this.pickRow, this.confirmRow, this.result);
  }

  /** A new selection: nothing pending, no result shown. */
  show(v: VehicleDTO | null): void {
    this.epoch++;
    this.vehicle = v;
    this.cancel();
    this.stopPicking();
    this.result.hidden = true;
    if (v?.position && v.armed) this.gotoAlt.value = String(Math.max(1, Math.round(v.position.altRel)));
    if (v) this.render(v);
  }

  /** Enables what makes sense for the vehicle's state. */
  render(v: VehicleDTO): void {
    this.vehicle = v;
    const armed = v.armed;
    const checklist = this.deps.checklistAllowsArm(v.id);
    const enabled: Record<FlyActionType, boolean> = {
      arm: !armed && checklist !== false,
      disarm: armed,
      takeoff: armed,
      mission_start: armed,
      pause: armed,
      continue: armed,
      rtl: armed,
      land: armed,
      goto: armed,
    };
    for (const [type, b] of this.buttons) {
      if (b.disabled !== !enabled[type]) b.disabled = !enabled[type];
    }
    const arm = this.buttons.get('arm')!;
    const hint = !armed && checklist === false ? t('fly.checklistFirst') : '';
    if (arm.title !== hint) arm.title = hint;
    if (this.picking && !armed) this.stopPicking();
  }

  /** A map click while picking a go-to point; true when it was taken. */
  pickPoint(lat: number, lon: number): boolean {
    if (!this.picking) return false;
    this.stopPicking();
    const altitude = this.altitude(this.gotoAlt, 'goto');
    if (altitude === null) return true;
    this.request({ type: 'goto', lat, lon, altitude });
    return true;
  }

  /** True while the next map click picks a go-to point. */
  isPicking(): boolean {
    return this.picking;
  }

  /** Re-translates texts that carry values. */
  refresh(): void {
    const pending = this.gate.pending(this.deps.now());
    if (pending) setText(this.confirmText, t('fly.confirmQuestion', { action: describeAction(pending) }));
  }

  private click(type: FlyActionType): void {
    if (!this.vehicle) return;
    if (type === 'goto') {
      this.cancel();
      this.picking = true;
      this.pickRow.hidden = false;
      this.deps.setPicking(true);
      return;
    }
    let action: FlyAction;
    if (type === 'takeoff') {
      const altitude = this.altitude(this.takeoffAlt, 'takeoff');
      if (altitude === null) return;
      action = { type, altitude };
    } else {
      action = { type } as FlyAction;
    }
    this.request(action);
  }

  private request(action: FlyAction): void {
    const now = this.deps.now();
    const next = this.gate.request(action, NEEDS_CONFIRMATION.has(action.type), now);
    if ('send' in next) {
      this.hideConfirm();
      void this.send(next.send);
      return;
    }
    setText(this.confirmText, t('fly.confirmQuestion', { action: describeAction(action) }));
    this.confirmRow.hidden = false;
    this.confirmRow.dataset.action = action.type;
    if (this.lapse) clearTimeout(this.lapse);
    // The confirmation lapses on its own: hide it when it does.
    this.lapse = setTimeout(() => {
      if (!this.gate.pending(this.deps.now())) this.hideConfirm();
    }, (this.gate.expiresAt() ?? now) - now + 20);
    (this.confirmRow.querySelector('#cmd-confirm') as HTMLButtonElement).focus();
  }

  private confirm(): void {
    const action = this.gate.confirm(this.deps.now());
    this.hideConfirm();
    if (action) void this.send(action);
  }

  private cancel(): void {
    this.gate.cancel();
    this.hideConfirm();
  }

  private hideConfirm(): void {
    if (this.lapse) clearTimeout(this.lapse);
    this.lapse = null;
    this.confirmRow.hidden = true;
    delete this.confirmRow.dataset.action;
  }

  private stopPicking(): void {
    if (!this.picking) return;
    this.picking = false;
    this.pickRow.hidden = true;
    this.deps.setPicking(false);
  }

  private async send(action: FlyAction): Promise<void> {
    const v = this.vehicle;
    if (!v) return;
    const epoch = this.epoch;
    const label = describeAction(action);
    this.showResult('pending', t('fly.sending', { action: label }), action.type);
    const outcome = await sendAction(this.deps.socket, v.id, action);
    if (epoch !== this.epoch) return;
    if (outcome.ok) this.showResult('ok', t('fly.accepted', { action: label }), action.type);
    else this.showResult('error', t('fly.failed', { action: label, error: outcome.error }), action.type);
  }

  private showResult(outcome: Outcome, text: string, type: FlyActionType): void {
    this.result.hidden = false;
    this.result.dataset.outcome = outcome;
    this.result.dataset.action = type;
    setText(this.result, text);
  }

  private altitude(input: HTMLInputElement, type: FlyActionType): number | null {
    const value = Number(input.value);
    if (input.value.trim() === '' || !Number.isFinite(value) || value <= 0) {
      this.showResult('error', t('fly.badAltitude'), type);
      input.focus();
      return null;
    }
    return value;
  }

  private altitudeInput(id: string, value: number): HTMLInputElement {
    const input = el('input', 'alt-input', { id });
    input.type = 'number';
    input.min = '1';
    input.max = '500';
    input.step = '1';
    input.value = String(value);
    input.inputMode = 'numeric';
    input.dataset.i18nTitle = 'fly.altitude';
    return input;
  }
}
