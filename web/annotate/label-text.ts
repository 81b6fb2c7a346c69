/**
 * Names of labels and attribute values in the page's language: a translation when the UI has one
 * for the key (`annotate.label.fire`, `annotate.value.high`), else the queue's own name, else the key.
 */
import type { LabelDef } from '../../server/protocol-annotation.js';
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
