/**
 * Colours of labels: the queue's own (`LabelDef.color`) when set, else one from a fixed palette
 * chosen by the label key, so a label keeps its colour in the workstation, review and on the map.
 */
import type { LabelDef } from '../../server/protocol-annotation.js';

/** Distinct on photos and on the map; none close to the selection or suggestion look. */
export const PALETTE = ['#e6194b', '#3cb44b', '#ffe119', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#bfef45', '#469990'] as const;

/** Palette colour for a key: the same key always gets the same colour. */
export function paletteColor(key: string): string {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/** Label key → colour, from one or more label sets (the first set naming a key wins). */
export function labelColors(...sets: readonly (readonly LabelDef[])[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const set of sets) for (const l of set) if (!out.has(l.key)) out.set(l.key, l.color ?? paletteColor(l.key));
  return out;
}

export function colorOf(colors: ReadonlyMap<string, string>, key: string): string {
  return colors.get(key) ?? paletteColor(key);
}
