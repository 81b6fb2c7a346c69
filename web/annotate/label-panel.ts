/**
 * The workstation's side panel: the queue's labels (keys 1–9), its choice attribute (severity,
 * Shift+1…), number attributes as sliders (confidence), the suggestions waiting, and the list of
 * shapes drawn. It shows the selected shape's values, or the values new shapes will get.
 */
import type { AttributeDef, LabelDef } from '../../server/protocol-annotation.js';
import { t } from '../i18n/i18n.js';
import { button, el } from './dom.js';
import { findShape, suggestionCount, type Draft } from './draft.js';
import { colorOf } from './label-colors.js';
import { attributeName, labelText, shapeSummary, valueText } from './label-text.js';

type Value = string | number;

export interface LabelPanelHooks {
  pickLabel(index: number): void;
  pickChoice(index: number): void;
  /** A slider moved (`commit` once it is let go). */
  setNumber(key: string, value: number, commit: boolean): void;
  acceptSuggestions(): void;
  select(id: string): void;
  remove(id: string): void;
}

/** The first choice attribute: the one Shift+digits set. */
export function choiceAttribute(attributes: readonly AttributeDef[]): Extract<AttributeDef, { kind: 'choice' }> | undefined {
  return attributes.find((a): a is Extract<AttributeDef, { kind: 'choice' }> => a.kind === 'choice');
}

/** Each attribute's default value. */
export function attributeDefaults(attributes: readonly AttributeDef[]): Record<string, Value> {
  return Object.fromEntries(attributes.map((a) => [a.key, a.default]));
}

export class LabelPanel {
  readonly root: HTMLElement;
  private readonly labelList = el('ol', { class: 'aw-labels' });
  private readonly choiceBox = el('div', { class: 'aw-choice' });
  private readonly numbers = el('div', { class: 'aw-numbers' });
  private readonly suggestions = el('div', { class: 'aw-suggestions' });
  private readonly shapeList = el('ol', { class: 'aw-shapes' });
  private labels: LabelDef[] = [];
  private attributes: AttributeDef[] = [];
  private colors: ReadonlyMap<string, string> = new Map();

  constructor(private readonly hooks: LabelPanelHooks) {
    const keys = el('p', { class: 'aw-keys', text: t('annotate.keys'), data: { i18n: 'annotate.keys' } });
    this.root = el('aside', { class: 'aw-side' }, [
      el('h3', { text: t('annotate.labels'), data: { i18n: 'annotate.labels' } }),
      this.labelList,
      this.choiceBox,
      this.numbers,
      this.suggestions,
      el('h3', { text: t('annotate.shapes'), data: { i18n: 'annotate.shapes' } }),
      this.shapeList,
      keys,
    ]);
  }

  /** A new queue's label set and attributes. */
  setQueue(labels: LabelDef[], attributes: AttributeDef[], colors: ReadonlyMap<string, string>): void {
    this.labels = labels;
    this.attributes = attributes;
    this.colors = colors;
    this.labelList.replaceChildren(
      ...labels.map((l, i) => {
        const b = button({ class: 'aw-label', data: { label: l.key } });
        b.append(el('kbd', { text: i < 9 ? String(i + 1) : '' }), el('span', { class: 'swatch', data: { label: l.key } }), el('span', { text: labelText(l.key, labels) }));
        (b.children[1] as HTMLElement).style.background = colorOf(colors, l.key);
        b.addEventListener('click', () => this.hooks.pickLabel(i));
        return el('li', {}, [b]);
      }),
    );
    const choice = choiceAttribute(attributes);
    this.choiceBox.replaceChildren();
    if (choice) {
      const row = el('div', { class: 'aw-choice-row' });
      choice.values.forEach((v, i) => {
        const b = button({ class: 'aw-choice-value', data: { value: v } });
        b.append(el('kbd', { text: i < 9 ? `⇧${i + 1}` : '' }), el('span', { text: valueText(v) }));
        b.addEventListener('click', () => this.hooks.pickChoice(i));
        row.append(b);
      });
      this.choiceBox.append(el('h3', { text: attributeName(choice.key, choice.name) }), row);
    }
    this.numbers.replaceChildren(
      ...attributes
        .filter((a): a is Extract<AttributeDef, { kind: 'number' }> => a.kind === 'number')
        .map((a) => {
          const input = el('input', { class: 'aw-range', attrs: { type: 'range', min: String(a.min), max: String(a.max), step: String((a.max - a.min) / 100) }, data: { attribute: a.key } });
          const out = el('output', { class: 'aw-range-value' });
          input.addEventListener('input', () => this.hooks.setNumber(a.key, Number(input.value), false));
          input.addEventListener('change', () => this.hooks.setNumber(a.key, Number(input.value), true));
          return el('label', { class: 'aw-number' }, [el('span', { text: attributeName(a.key, a.name) }), input, out]);
        }),
    );
  }

  /** Shows the current label and values (the selected shape's, or those for new shapes) and the shapes. */
  render(draft: Draft, selectedId: string | null, current: { label: string | null; values: Record<string, Value> }): void {
    const selected = findShape(draft, selectedId);
    const label = selected?.shape.label ?? current.label;
    const values = selected ? { ...current.values, ...selected.shape.attributes } : current.values;
    for (const b of this.labelList.querySelectorAll<HTMLButtonElement>('.aw-label')) b.setAttribute('aria-pressed', String(b.dataset.label === label));
    const choice = choiceAttribute(this.attributes);
    for (const b of this.choiceBox.querySelectorAll<HTMLButtonElement>('.aw-choice-value')) b.setAttribute('aria-pressed', String(choice !== undefined && b.dataset.value === values[choice.key]));
    for (const input of this.numbers.querySelectorAll<HTMLInputElement>('.aw-range')) {
      const v = values[input.dataset.attribute!];
      if (typeof v === 'number' && document.activeElement !== input) input.value = String(v);
      (input.nextElementSibling as HTMLOutputElement).value = typeof v === 'number' ? valueText(v) : '';
    }

    const waiting = suggestionCount(draft);
    this.suggestions.replaceChildren();
    if (waiting > 0) {
      const accept = button({ class: 'aw-accept-suggestions', text: t('annotate.acceptSuggestions') });
      accept.addEventListener('click', () => this.hooks.acceptSuggestions());
      this.suggestions.append(el('span', { text: t('annotate.suggestions', { count: waiting }) }), accept);
    }

    this.shapeList.replaceChildren(
      ...draft.shapes.map((s, i) => {
        const text = `${i + 1}. ${shapeSummary(s.shape, this.labels)}`;
        const pick = button({ class: 'aw-shape-pick', text, title: text });
        pick.addEventListener('click', () => this.hooks.select(s.id));
        const remove = button({ class: 'aw-shape-remove', text: '×', title: t('annotate.delete') });
        remove.addEventListener('click', () => this.hooks.remove(s.id));
        const li = el('li', { data: { id: s.id } }, [el('span', { class: 'swatch' }), pick, remove]);
        (li.firstChild as HTMLElement).style.background = colorOf(this.colors, s.shape.label);
        if (s.suggested) li.dataset.suggested = '';
        li.setAttribute('aria-selected', String(s.id === selectedId));
        return li;
      }),
    );
  }
}
