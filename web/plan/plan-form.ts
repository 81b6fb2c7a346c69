/**
 * The planner's settings form: patrol, search pattern, camera, height by altitude or GSD, tower
 * inspection, and the number fields that apply to the patrol chosen. Reports every valid change;
 * an out-of-range number is marked and not passed on.
 */
import { CAMERA_PRESETS, type CameraPresetId } from '../../missions/camera.js';
import { applyTranslations, t } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/translate.js';
import { NUMBER_FIELDS, PATROLS, SEARCH_PATTERNS, TOWER_INSPECTIONS, type NumberField, type PlanSettings } from './plan-settings.js';

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`planner markup lacks #${id}`);
  return el as T;
}

function fillSelect(select: HTMLSelectElement, values: readonly string[], key: (v: string) => MessageKey): void {
  select.replaceChildren(
    ...values.map((value) => {
      const option = document.createElement('option');
      option.value = value;
      option.dataset.i18n = key(value);
      return option;
    }),
  );
}

export class PlanForm {
  private readonly patrol = byId<HTMLSelectElement>('plan-patrol');
  private readonly searchPattern = byId<HTMLSelectElement>('plan-search-pattern');
  private readonly camera = byId<HTMLSelectElement>('plan-camera');
  private readonly heightMode = byId<HTMLSelectElement>('plan-height-mode');
  private readonly inspection = byId<HTMLSelectElement>('plan-inspection');
  private readonly fields = new Map<NumberField, HTMLInputElement>();
  private settings: PlanSettings;

  constructor(initial: PlanSettings, private readonly onChange: (settings: PlanSettings) => void) {
    this.settings = { ...initial };
    fillSelect(this.patrol, PATROLS, (v) => `plan.patrol.${v}` as MessageKey);
    fillSelect(this.searchPattern, SEARCH_PATTERNS, (v) => `plan.search.${v}` as MessageKey);
    fillSelect(this.camera, Object.keys(CAMERA_PRESETS), (v) => `plan.camera.${v}` as MessageKey);
    fillSelect(this.heightMode, ['altitude', 'gsd'], (v) => `plan.height.${v}` as MessageKey);
    fillSelect(this.inspection, TOWER_INSPECTIONS, (v) => `plan.inspection.${v}` as MessageKey);
    const container = byId('plan-fields');
    for (const field of NUMBER_FIELDS) {
      const label = document.createElement('label');
      label.className = 'plan-field';
      label.dataset.field = field.key;
      const name = document.createElement('span');
      name.dataset.i18n = `plan.field.${field.key}` as MessageKey;
      const input = document.createElement('input');
      Object.assign(input, { type: 'number', id: `plan-field-${field.key}`, min: String(field.min), max: String(field.max), step: String(field.step), required: true });
      input.inputMode = 'decimal';
      const unit = document.createElement('span');
      unit.className = 'unit';
      unit.textContent = field.unit;
      label.append(name, input, unit);
      container.append(label);
      this.fields.set(field, input);
      input.addEventListener('input', () => this.readNumber(field, input));
    }
    applyTranslations(byId('plan-panel'));
    for (const [select, key] of [
      [this.patrol, 'patrol'],
      [this.searchPattern, 'searchPattern'],
      [this.camera, 'camera'],
      [this.heightMode, 'heightMode'],
      [this.inspection, 'inspection'],
    ] as const) {
      select.addEventListener('change', () => this.update({ [key]: select.value } as Partial<PlanSettings>));
    }
    this.show(this.settings);
  }

  /** The settings shown. */
  get value(): PlanSettings {
    return { ...this.settings };
  }

  /** Shows `settings` (an import, a reopened plan) without reporting a change. */
  show(settings: PlanSettings): void {
    this.settings = { ...settings };
    this.patrol.value = settings.patrol;
    this.searchPattern.value = settings.searchPattern;
    this.camera.value = settings.camera satisfies CameraPresetId;
    this.heightMode.value = settings.heightMode;
    this.inspection.value = settings.inspection;
    for (const [field, input] of this.fields) {
      input.value = String(settings[field.key]);
      input.removeAttribute('aria-invalid');
    }
    this.applyRelevance();
  }

  /** Disables the form (an imported mission is fixed; it is not generated from settings). */
  setDisabled(disabled: boolean): void {
    byId<HTMLFieldSetElement>('plan-settings').disabled = disabled;
  }

  private update(patch: Partial<PlanSettings>): void {
    this.settings = { ...this.settings, ...patch };
    this.applyRelevance();
    this.onChange(this.value);
  }

  private readNumber(field: NumberField, input: HTMLInputElement): void {
    const v = input.valueAsNumber;
    const ok = Number.isFinite(v) && v >= field.min && v <= field.max;
    if (ok) input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
    input.title = ok ? '' : t('plan.field.range', { min: field.min, max: field.max });
    if (ok && v !== this.settings[field.key]) this.update({ [field.key]: v });
  }

  /** Shows only the fields that apply to the patrol chosen. */
  private applyRelevance(): void {
    const s = this.settings;
    for (const [field, input] of this.fields) (input.parentElement as HTMLElement).hidden = !field.applies(s);
    (this.searchPattern.parentElement as HTMLElement).hidden = s.patrol !== 'search';
    (this.heightMode.parentElement as HTMLElement).hidden = s.patrol !== 'survey';
    (this.inspection.parentElement as HTMLElement).hidden = s.patrol !== 'corridor';
  }
}
