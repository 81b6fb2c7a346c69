import { describe, expect, it } from 'vitest';
import { FaultProfileError, parseFaultProfile, parseFaultSpec, validateFaultProfile } from '../../../../hardware/link/fault-profile.js';

/** The error `fn` throws; fails the test when it throws nothing. */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('parseFaultProfile', () => {
  it('reads every fault of the documented example', () => {
    expect(parseFaultProfile('loss=0.2,latency=100,jitter=20,dup=0.01,reorder=0.05,corrupt=0.01')).toEqual({
      loss: 0.2,
      latencyMs: 100,
      jitterMs: 20,
      duplicate: 0.01,
      reorder: 0.05,
      corrupt: 0.01,
    });
  });

  it('accepts percentages, seconds, spaces, any case and repeated outages', () => {
    expect(parseFaultProfile(' LOSS = 20% , latency=1.5s, hold=30ms, duplicate=.5, outage=5s-8s, outage=10000-10500 ')).toEqual({
      loss: 0.2,
      latencyMs: 1500,
      reorderHoldMs: 30,
      duplicate: 0.5,
      outages: [
        { startMs: 5000, endMs: 8000 },
        { startMs: 10000, endMs: 10500 },
      ],
    });
  });

  it('reads an empty string as no faults', () => {
    expect(parseFaultProfile('')).toEqual({});
    expect(parseFaultProfile('  ')).toEqual({});
  });

  it.each([
    ['loss=1.5', "loss must be a probability from 0 to 1 (or 0% to 100%), got '1.5' in 'loss=1.5'"],
    ['loss=-0.1', "loss must be a probability from 0 to 1 (or 0% to 100%), got '-0.1' in 'loss=-0.1'"],
    ['corrupt=150%', "corrupt must be a probability from 0 to 1 (or 0% to 100%), got '150%' in 'corrupt=150%'"],
    ['dup=', "dup must be a probability from 0 to 1 (or 0% to 100%), got '' in 'dup='"],
    ['latency=-5', "latency must not be negative, got '-5' in 'latency=-5'"],
    ['jitter=abc', "jitter must be a number of milliseconds (or seconds with 's'), got 'abc' in 'jitter=abc'"],
    ['loss=0.1,loss=0.2', "'loss' given twice in 'loss=0.1,loss=0.2'"],
    ['dup=0.1,duplicate=0.2', "'duplicate' given twice in 'dup=0.1,duplicate=0.2'"],
    ['outage=8000-5000', "outage end 5000 ms must be after its start 8000 ms in 'outage=8000-5000'"],
    ['outage=5000', "outage must be START-END, e.g. outage=5000-8000, got '5000' in 'outage=5000'"],
    ['in.loss=0.1', "direction prefix 'in.' is not allowed in a one-direction profile in 'in.loss=0.1'"],
    ['seed=7', "'seed' belongs to the link, not to one direction in 'seed=7'"],
  ])('rejects %s with a one-line reason', (text, message) => {
    const err = thrown(() => parseFaultProfile(text));
    expect(err).toBeInstanceOf(FaultProfileError);
    expect(err.message).toBe(message);
  });

  it.each([
    ['loss', "'loss' is not key=value in 'loss'"],
    ['loss=0.1,,latency=5', "empty item in 'loss=0.1,,latency=5'"],
    ['drop=0.1', "unknown key 'drop' in 'drop=0.1'"],
    ['constructor=1', "unknown key 'constructor' in 'constructor=1'"],
  ])('rejects %s and says what is expected', (text, start) => {
    expect(thrown(() => parseFaultProfile(text)).message).toBe(`${start}; expected comma-separated key=value: loss, latency, jitter, dup, reorder, hold, corrupt, outage=START-END (ms), optionally prefixed in. or out.`);
  });
});

describe('parseFaultSpec', () => {
  it('applies plain keys to both directions and prefixed ones to one, whatever the order', () => {
    expect(parseFaultSpec('out.loss=0.3,seed=7,latency=100,loss=0.1,in.outage=0-500,outage=1000-2000')).toEqual({
      seed: 7,
      inbound: { loss: 0.1, latencyMs: 100, outages: [{ startMs: 1000, endMs: 2000 }, { startMs: 0, endMs: 500 }] },
      outbound: { loss: 0.3, latencyMs: 100, outages: [{ startMs: 1000, endMs: 2000 }] },
    });
  });

  it('leaves the seed out when none is given', () => {
    expect(parseFaultSpec('in.dup=0.5')).toEqual({ inbound: { duplicate: 0.5 }, outbound: {} });
  });

  it.each([
    ['seed=x', "seed must be an integer from 0 to 4294967295, got 'x' in 'seed=x'"],
    ['seed=4294967296', "seed must be an integer from 0 to 4294967295, got '4294967296' in 'seed=4294967296'"],
    ['seed=1,seed=2', "'seed' given twice in 'seed=1,seed=2'"],
    ['up.loss=0.1', "unknown direction 'up.' in 'up.loss=0.1'; expected in. or out."],
    ['out.loss=0.1,out.loss=0.2', "'out.loss' given twice in 'out.loss=0.1,out.loss=0.2'"],
    ['in.latency=-1', "latency must not be negative, got '-1' in 'in.latency=-1'"],
  ])('rejects %s with a one-line reason', (text, message) => {
    expect(thrown(() => parseFaultSpec(text)).message).toBe(message);
  });
});

describe('validateFaultProfile', () => {
  it('accepts the edges of every range', () => {
    expect(() => validateFaultProfile({ loss: 0, duplicate: 1, latencyMs: 0, outages: [{ startMs: 0, endMs: 1 }] })).not.toThrow();
  });

  it.each([
    [{ reorder: Number.NaN }, 'invalid fault profile: reorder must be a probability from 0 to 1, got NaN'],
    [{ jitterMs: Infinity }, 'invalid fault profile: jitterMs must be a non-negative number of milliseconds, got Infinity'],
    [{ outages: [{ startMs: -1, endMs: 5 }] }, 'invalid fault profile: outage -1-5 must have 0 <= start < end (ms)'],
  ])('rejects %o', (profile, message) => {
    expect(thrown(() => validateFaultProfile(profile)).message).toBe(message);
  });
});
