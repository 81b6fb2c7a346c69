/**
 * Names of labels and attribute values in the page's language: a translation when the UI has one
 * for the key (`annotate.label.fire`, `annotate.value.high`), else the queue's own name, else the key.
 */
import type { LabelDef, Shape } from '../../server/protocol-annotation.js';
import { t } from '../i18n/i18n.js';
import { isMessageKey } from '../i18n/translate.js';

export function labelText(key: string, labels: readonly LabelDef[] = []): string {
  const k = `annotate.label.${key}`;
  if (isMessageKey(k)) return t(k);
  return labels.find((l) => l.key === key)?.name ?? key;
}

/** An attribute value (severity "high") in the page's language. */
export function valueText(value: string | number): string {
  if (typeof value === 'number') return String(Math.round(value * 100) / 100);
  const k = `annotate.value.${value}`;
  return isMessageKey(k) ? t(k) : value;
}

/** An attribute's name: translated for the usual ones (severity, confidence), else the queue's name or the key. */
export function attributeName(key: string, name?: string): string {
  const k = `annotate.${key}`;
  return (key === 'severity' || key === 'confidence') && isMessageKey(k) ? t(k) : (name ?? key);
}

/** One line for a shape: its label and every attribute, e.g. "Fire · Severity high · Confidence 0.8". */
export function shapeSummary(shape: Shape, labels: readonly LabelDef[] = []): string {
  return [labelText(shape.label, labels), ...Object.entries(shape.attributes).map(([k, v]) => `${attributeName(k)} ${valueText(v)}`)].join(' · ');
}
