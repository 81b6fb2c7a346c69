/**
 * `QGC WPL 110` waypoint lists (`.waypoints`, Mission Planner and QGroundControl): a header line, then
 * one item per line as 12 tab-separated fields
 * `seq current frame command p1 p2 p3 p4 lat lon alt autocontinue`; item 0 is home.
 */
import type { MissionItem } from '../mission-item.js';
import { fileValueToXY, isGlobalFrame, xyToFileValue } from './item-position.js';
import { fail, ok, type ParseResult } from './parse-result.js';
import { latLonProblem } from './position-check.js';

export const WPL_HEADER = 'QGC WPL 110';

const FIELD_NAMES = ['seq', 'current', 'frame', 'command', 'param1', 'param2', 'param3', 'param4', 'latitude', 'longitude', 'altitude', 'autocontinue'] as const;
type FieldKind = 'integer' | 'param' | 'number';
/** Params 1–4 may be NaN ("no change"); positions and altitudes must be numbers. */
const FIELD_KINDS: readonly FieldKind[] = ['integer', 'integer', 'integer', 'integer', 'param', 'param', 'param', 'param', 'number', 'number', 'number', 'integer'];

const INTEGER = /^[-+]?\d+$/;
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function fieldValue(text: string, kind: FieldKind): number | null {
  if (kind === 'integer') return INTEGER.test(text) ? Number(text) : null;
  if (kind === 'param' && /^[-+]?nan$/i.test(text)) return NaN;
  return DECIMAL.test(text) ? Number(text) : null;
}

const quote = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** The item on one line, or the reason it is not one. */
function parseLine(line: string, expectedSeq: number): MissionItem | string {
  const fields = line.split('\t');
  if (fields.length !== 12) return `expected 12 tab-separated fields, got ${fields.length}`;
  const v: number[] = [];
  for (const [k, raw] of fields.entries()) {
    const value = fieldValue(raw.trim(), FIELD_KINDS[k]);
    if (value === null) return `${FIELD_NAMES[k]} ${quote(raw)} is not ${FIELD_KINDS[k] === 'integer' ? 'an integer' : 'a number'}`;
    v.push(value);
  }
  const [seq, current, frame, command, p1, p2, p3, p4, p5, p6, p7, autocontinue] = v;
  if (seq !== expectedSeq) return `seq ${seq}, expected ${expectedSeq}: items must be numbered 0, 1, 2 … in order`;
  if (current !== 0 && current !== 1) return `current must be 0 or 1, got ${current}`;
  if (frame < 0 || frame > 255) return `frame ${frame} is not a MAV_FRAME number (0–255)`;
  if (command < 0 || command > 65535) return `command ${command} is not a MAV_CMD number (0–65535)`;
  if (autocontinue !== 0 && autocontinue !== 1) return `autocontinue must be 0 or 1, got ${autocontinue}`;
  if (isGlobalFrame(frame)) {
    const problem = latLonProblem(p5, p6);
    if (problem) return problem.message;
  }
  return {
    seq, frame, command, current: current === 1, autocontinue: autocontinue === 1,
    param1: p1, param2: p2, param3: p3, param4: p4,
    x: fileValueToXY(frame, p5), y: fileValueToXY(frame, p6), z: p7,
  };
}

/**
 * Parses a `QGC WPL 110` list into mission items (item 0 is home). Blank lines are skipped; any bad
 * line fails the whole file, with `where` naming the line (1-based, the header is line 1).
 */
export function parseWaypoints(text: string): ParseResult<MissionItem[]> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const header = lines[0].trim();
  if (header !== WPL_HEADER) {
    if (header === '' && lines.every((l) => l.trim() === '')) return fail('line 1', `empty file: expected the header "${WPL_HEADER}"`);
    if (/^QGC WPL \d+$/.test(header)) return fail('line 1', `unsupported version ${quote(header)}: only "${WPL_HEADER}" is read`);
    return fail('line 1', `expected the header "${WPL_HEADER}", got ${quote(header)}`);
  }
  const items: MissionItem[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].replace(/\s+$/, '');
    if (line === '') continue;
    const item = parseLine(line, items.length);
    if (typeof item === 'string') return fail(`line ${i + 1}`, item);
    items.push(item);
  }
  return ok(items);
}

/** `String()` gives the shortest text that reads back to the same double; NaN is written `NaN`. */
const num = (v: number): string => String(v);

/** Writes items as a `QGC WPL 110` list, numbering them 0, 1, 2 … in the order given. */
export function exportWaypoints(items: readonly MissionItem[]): string {
  const lines = items.map((it, i) =>
    [
      i, it.current ? 1 : 0, it.frame, it.command,
      num(it.param1), num(it.param2), num(it.param3), num(it.param4),
      num(xyToFileValue(it.frame, it.x)), num(xyToFileValue(it.frame, it.y)), num(it.z),
      it.autocontinue ? 1 : 0,
    ].join('\t'),
  );
  return [WPL_HEADER, ...lines].join('\n') + '\n';
}
