/** What a fault-injecting link does to each direction of traffic, and its text form (`loss=0.2,latency=100`) for CLIs. */

/** A window, in milliseconds since the link started, during which every packet in one direction is dropped. */
export interface OutageWindow {
  /** Inclusive. */
  startMs: number;
  /** Exclusive; after `startMs`. */
  endMs: number;
}

/** Faults applied to each packet in one direction. Probabilities are 0–1; an omitted field means no such fault. */
export interface FaultProfile {
  /** Probability a packet is dropped. */
  loss?: number;
  /** Delay added to every packet. */
  latencyMs?: number;
  /** Uniform spread of the delay, ±jitterMs around `latencyMs` (never below zero); may reorder packets. */
  jitterMs?: number;
  /** Probability a packet is delivered twice. */
  duplicate?: number;
  /** Probability a packet is held back and delivered right after the next one. */
  reorder?: number;
  /** How long a held-back packet waits for a next one before it goes anyway (default {@link DEFAULT_REORDER_HOLD_MS}). */
  reorderHoldMs?: number;
  /** Probability one random byte of a packet is changed. */
  corrupt?: number;
  outages?: readonly OutageWindow[];
}

/** Profiles for both directions of a link, and optionally the seed, as written on a command line. */
export interface FaultSpec {
  seed?: number;
  /** Faults on what the link receives. */
  inbound: FaultProfile;
  /** Faults on what the link sends. */
  outbound: FaultProfile;
}

export const DEFAULT_REORDER_HOLD_MS = 100;

const SYNTAX = "expected comma-separated key=value: loss, latency, jitter, dup, reorder, hold, corrupt, outage=START-END (ms), optionally prefixed in. or out.";

/** A fault profile that cannot be used; `message` is one line naming the problem (and the text, when parsed). */
export class FaultProfileError extends Error {
  override readonly name = 'FaultProfileError';

  constructor(
    /** What is wrong, e.g. `loss must be a probability from 0 to 1, got '1.5'`. */
    readonly reason: string,
    /** The text as given, when the profile was parsed. */
    readonly input?: string,
    hint?: string,
  ) {
    super(input === undefined ? `invalid fault profile: ${reason}` : `${reason} in '${input}'${hint ? `; ${hint}` : ''}`);
  }
}

const PROBABILITIES = ['loss', 'duplicate', 'reorder', 'corrupt'] as const;
const DURATIONS = ['latencyMs', 'jitterMs', 'reorderHoldMs'] as const;
type Field = (typeof PROBABILITIES)[number] | (typeof DURATIONS)[number] | 'outages';

/** Text keys and the profile fields they set. */
const KEYS = new Map<string, Field>([
  ['loss', 'loss'],
  ['latency', 'latencyMs'],
  ['jitter', 'jitterMs'],
  ['dup', 'duplicate'],
  ['duplicate', 'duplicate'],
  ['reorder', 'reorder'],
  ['hold', 'reorderHoldMs'],
  ['corrupt', 'corrupt'],
  ['outage', 'outages'],
]);

/** Throws {@link FaultProfileError} unless every field of `profile` is usable; `label` names it in the message (e.g. `outbound`). */
export function validateFaultProfile(profile: FaultProfile, label?: string): void {
  const name = (field: string): string => (label ? `${label} ${field}` : field);
  for (const field of PROBABILITIES) {
    const v = profile[field];
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 1)) {
      throw new FaultProfileError(`${name(field)} must be a probability from 0 to 1, got ${String(v)}`);
    }
  }
  for (const field of DURATIONS) {
    const v = profile[field];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
      throw new FaultProfileError(`${name(field)} must be a non-negative number of milliseconds, got ${String(v)}`);
    }
  }
  for (const w of profile.outages ?? []) {
    const ok = Number.isFinite(w.startMs) && Number.isFinite(w.endMs) && w.startMs >= 0 && w.endMs > w.startMs;
    if (!ok) throw new FaultProfileError(`${name('outage')} ${w.startMs}-${w.endMs} must have 0 <= start < end (ms)`);
  }
}

/**
 * Parses one direction's faults, e.g. `loss=0.2,latency=100,jitter=20,dup=0.01,reorder=0.05,corrupt=0.01,outage=5000-8000`.
 * Probabilities may be written as percentages (`loss=20%`), durations in `ms` (default) or `s`; `outage` may repeat.
 * Throws {@link FaultProfileError} with a one-line reason.
 */
export function parseFaultProfile(text: string): FaultProfile {
  return parse(text, false).inbound;
}

/**
 * Parses faults for both directions: plain keys apply to both, `in.` and `out.` keys to one (and win over plain
 * ones), `seed=N` fixes the random sequence, e.g. `seed=7,latency=100,out.loss=0.2,in.loss=0.05`.
 * Throws {@link FaultProfileError} with a one-line reason.
 */
export function parseFaultSpec(text: string): FaultSpec {
  return parse(text, true);
}

type Scope = 'both' | 'in' | 'out';
type MutableProfile = { -readonly [K in keyof FaultProfile]: FaultProfile[K] } & { outages: OutageWindow[] };

function parse(text: string, directions: boolean): FaultSpec {
  const profiles: Record<Scope, MutableProfile> = { both: { outages: [] }, in: { outages: [] }, out: { outages: [] } };
  const seen = new Set<string>();
  let seed: number | undefined;
  const fail = (reason: string, hint?: string): FaultProfileError => new FaultProfileError(reason, text, hint);

  const body = text.trim();
  for (const raw of body === '' ? [] : body.split(',')) {
    const item = raw.trim();
    const eq = item.indexOf('=');
    if (eq < 0) throw fail(item === '' ? 'empty item' : `'${item}' is not key=value`, SYNTAX);
    const key = item.slice(0, eq).trim().toLowerCase();
    const value = item.slice(eq + 1).trim();
    if (key === 'seed') {
      if (seed !== undefined) throw fail("'seed' given twice");
      if (!directions) throw fail("'seed' belongs to the link, not to one direction");
      if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) throw fail(`seed must be an integer from 0 to 4294967295, got '${value}'`);
      seed = Number(value);
      continue;
    }
    const dot = key.indexOf('.');
    const prefix = dot < 0 ? '' : key.slice(0, dot);
    const scope: Scope | undefined = prefix === '' ? 'both' : prefix === 'in' ? 'in' : prefix === 'out' ? 'out' : undefined;
    if (scope === undefined) throw fail(`unknown direction '${prefix}.'`, 'expected in. or out.');
    if (scope !== 'both' && !directions) throw fail(`direction prefix '${prefix}.' is not allowed in a one-direction profile`);
    const name = key.slice(dot + 1);
    const field = KEYS.get(name);
    if (field === undefined) throw fail(`unknown key '${name}'`, SYNTAX);
    // Aliases (dup, duplicate) count as one key; outage is the one key that may repeat.
    if (field !== 'outages' && seen.has(`${scope}.${field}`)) throw fail(`'${key}' given twice`);
    seen.add(`${scope}.${field}`);
    const target = profiles[scope];

    if (field === 'outages') target.outages.push(parseOutage(value, fail));
    else if ((PROBABILITIES as readonly string[]).includes(field)) target[field as (typeof PROBABILITIES)[number]] = parseProbability(name, value, fail);
    else target[field as (typeof DURATIONS)[number]] = parseDuration(name, value, fail);
  }
  return { ...(seed === undefined ? {} : { seed }), inbound: merge(profiles.both, profiles.in), outbound: merge(profiles.both, profiles.out) };
}

function merge(shared: MutableProfile, own: MutableProfile): FaultProfile {
  const outages = [...shared.outages, ...own.outages];
  const { outages: _a, ...sharedRest } = shared;
  const { outages: _b, ...ownRest } = own;
  return { ...sharedRest, ...ownRest, ...(outages.length > 0 ? { outages } : {}) };
}

const NUMBER = /^(\d+(\.\d*)?|\.\d+)$/;

function parseProbability(name: string, value: string, fail: (reason: string) => Error): number {
  const percent = value.endsWith('%');
  const digits = percent ? value.slice(0, -1).trim() : value;
  const n = NUMBER.test(digits) ? Number(digits) / (percent ? 100 : 1) : NaN;
  if (!(n >= 0 && n <= 1)) throw fail(`${name} must be a probability from 0 to 1 (or 0% to 100%), got '${value}'`);
  return n;
}

function parseDuration(name: string, value: string, fail: (reason: string) => Error): number {
  if (value.startsWith('-')) throw fail(`${name} must not be negative, got '${value}'`);
  const m = /^(.*?)\s*(ms|s)?$/.exec(value);
  const digits = m?.[1] ?? '';
  if (!NUMBER.test(digits)) throw fail(`${name} must be a number of milliseconds (or seconds with 's'), got '${value}'`);
  return Number(digits) * (m?.[2] === 's' ? 1000 : 1);
}

function parseOutage(value: string, fail: (reason: string) => Error): OutageWindow {
  const dash = value.indexOf('-', 1);
  if (dash < 0) throw fail(`outage must be START-END, e.g. outage=5000-8000, got '${value}'`);
  const startMs = parseDuration('outage start', value.slice(0, dash).trim(), fail);
  const endMs = parseDuration('outage end', value.slice(dash + 1).trim(), fail);
  if (endMs <= startMs) throw fail(`outage end ${endMs} ms must be after its start ${startMs} ms`);
  return { startMs, endMs };
}
