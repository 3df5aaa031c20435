import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHlc, hlcWallMs, initialHlc, isHlc, parseHlc, receiveHlc, tickHlc, type HlcState } from '../../schemas/rules/hlc.ts';

const MAX_WALL = 10 ** 15 - 1;
const MAX_COUNTER = 10 ** 6 - 1;

const nodeArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const stateArb: fc.Arbitrary<HlcState> = fc.record({
  wallMs: fc.integer({ min: 0, max: MAX_WALL }),
  counter: fc.integer({ min: 0, max: MAX_COUNTER }),
  node: nodeArb,
});
/** Realistic wall times: around now, so that clocks collide and go backwards often. */
const nowArb = fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_050 });

function compareTuples(a: HlcState, b: HlcState): number {
  if (a.wallMs !== b.wallMs) return a.wallMs < b.wallMs ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

describe('tickHlc', () => {
  it('follows the wall clock when it moves forward', () => {
    const s = tickHlc(initialHlc('dev-1'), 1000);
    expect(s).toEqual({ wallMs: 1000, counter: 0, node: 'dev-1' });
    expect(tickHlc(s, 2000)).toEqual({ wallMs: 2000, counter: 0, node: 'dev-1' });
  });

  it('never goes backwards when the device clock does', () => {
    let s = tickHlc(initialHlc('dev-1'), 5000);
    const first = formatHlc(s);
    s = tickHlc(s, 1000); // the clock was set back by an hour, say
    expect(s.wallMs).toBe(5000);
    expect(s.counter).toBe(1);
    expect(formatHlc(s) > first).toBe(true);
    s = tickHlc(s, 5000);
    expect(s).toEqual({ wallMs: 5000, counter: 2, node: 'dev-1' });
  });

  it('borrows the next millisecond when the counter overflows', () => {
    const s = tickHlc({ wallMs: 5000, counter: MAX_COUNTER, node: 'dev-1' }, 4000);
    expect(s).toEqual({ wallMs: 5001, counter: 0, node: 'dev-1' });
  });

  it('stamps strictly increase for any sequence of device times', () => {
    fc.assert(
      fc.property(fc.array(nowArb, { minLength: 1, maxLength: 60 }), (times) => {
        let s = initialHlc('dev-1');
        let previous = formatHlc(s);
        for (const now of times) {
          s = tickHlc(s, now);
          const stamp = formatHlc(s);
          expect(stamp > previous).toBe(true);
          expect(s.wallMs).toBeGreaterThanOrEqual(now);
          previous = stamp;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('receiveHlc', () => {
  it('advances past a remote stamp from a device whose clock runs ahead', () => {
    const local = tickHlc(initialHlc('dev-a'), 1000);
    const remote = formatHlc({ wallMs: 9000, counter: 3, node: 'dev-b' });
    const after = receiveHlc(local, remote, 1200);
    expect(after).toEqual({ wallMs: 9000, counter: 4, node: 'dev-a' });
    expect(formatHlc(after) > remote).toBe(true);
    // The next local event still sorts after the remote one although the local clock is behind.
    expect(formatHlc(tickHlc(after, 1300)) > remote).toBe(true);
  });

  it('takes the local clock when it is ahead of both', () => {
    const local = tickHlc(initialHlc('dev-a'), 1000);
    const after = receiveHlc(local, formatHlc({ wallMs: 900, counter: 7, node: 'dev-b' }), 2000);
    expect(after).toEqual({ wallMs: 2000, counter: 0, node: 'dev-a' });
  });

  it('takes the larger counter when walls are equal', () => {
    const local: HlcState = { wallMs: 1000, counter: 2, node: 'dev-a' };
    expect(receiveHlc(local, formatHlc({ wallMs: 1000, counter: 8, node: 'dev-b' }), 500)).toEqual({ wallMs: 1000, counter: 9, node: 'dev-a' });
    expect(receiveHlc(local, formatHlc({ wallMs: 900, counter: 8, node: 'dev-b' }), 500)).toEqual({ wallMs: 1000, counter: 3, node: 'dev-a' });
  });

  it('always ends after both the local state and the remote stamp, and not before now', () => {
    fc.assert(
      fc.property(
        fc.record({ wallMs: nowArb, counter: fc.integer({ min: 0, max: MAX_COUNTER }), node: nodeArb }),
        fc.record({ wallMs: nowArb, counter: fc.integer({ min: 0, max: MAX_COUNTER }), node: nodeArb }),
        nowArb,
        (local, remote, now) => {
          const after = receiveHlc(local, formatHlc(remote), now);
          expect(after.node).toBe(local.node);
          expect(after.wallMs).toBeGreaterThanOrEqual(now);
          const afterPair = { ...after, node: '' };
          expect(compareTuples(afterPair, { ...local, node: '' })).toBe(1);
          expect(compareTuples(afterPair, { ...remote, node: '' })).toBe(1);
          expect(formatHlc(after) > formatHlc(local)).toBe(true);
          expect(formatHlc(after) > formatHlc(remote)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects a remote stamp that is not a stamp', () => {
    expect(() => receiveHlc(initialHlc('dev-a'), 'yesterday', 1000)).toThrow(/hybrid logical clock/);
  });
});

describe('formatHlc / parseHlc', () => {
  it('formats fixed-width fields', () => {
    expect(formatHlc({ wallMs: 1_741_000_000_000, counter: 42, node: 'dev-1' })).toBe('001741000000000:000042:dev-1');
  });

  it('round-trips every state', () => {
    fc.assert(
      fc.property(stateArb, (s) => {
        const stamp = formatHlc(s);
        expect(parseHlc(stamp)).toEqual(s);
        expect(isHlc(stamp)).toBe(true);
        expect(hlcWallMs(stamp)).toBe(s.wallMs);
        expect(formatHlc(parseHlc(stamp))).toBe(stamp);
      }),
      { numRuns: 500 },
    );
  });

  it('sorts as strings in (wall, counter, node) order', () => {
    fc.assert(
      fc.property(stateArb, stateArb, (a, b) => {
        const sa = formatHlc(a);
        const sb = formatHlc(b);
        expect(sign(sa < sb ? -1 : sa > sb ? 1 : 0)).toBe(sign(compareTuples(a, b)));
      }),
      { numRuns: 500 },
    );
  });

  it('sorts as strings in (wall, counter, node) order when walls and counters collide', () => {
    const near = fc.record({ wallMs: fc.integer({ min: 8, max: 12 }), counter: fc.integer({ min: 8, max: 12 }), node: fc.constantFrom('a', 'a-', 'a_', 'A', 'b', 'ab', '0') });
    fc.assert(
      fc.property(near, near, (a, b) => {
        const sa = formatHlc(a);
        const sb = formatHlc(b);
        expect(sign(sa < sb ? -1 : sa > sb ? 1 : 0)).toBe(sign(compareTuples(a, b)));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    [''],
    ['junk'],
    ['1:2:3'],
    ['00000000000001:000000:dev-1'], // wall too short
    ['0000000000000001:000000:dev-1'], // wall too long
    ['000000000000001:00000:dev-1'], // counter too short
    ['000000000000001:0000001:dev-1'], // counter too long
    ['000000000000001:000000:'], // no node
    ['000000000000001:000000'], // node missing entirely
    ['000000000000001:000000:dev 1'], // space in node
    ['000000000000001:000000:dev-1\n'], // trailing newline
    ['00000000000000a:000000:dev-1'], // letter in wall
    ['-00000000000001:000000:dev-1'], // negative wall
    ['000000000000001:-00001:dev-1'], // negative counter
    ['000000000000001:000000:' + 'n'.repeat(81)], // node too long
    [':000000000000001:000000:dev-1'], // leading separator
  ])('rejects junk %j', (stamp) => {
    expect(() => parseHlc(stamp)).toThrow(/not a hybrid logical clock stamp/);
    expect(isHlc(stamp)).toBe(false);
  });

  it('rejects a stamp with a fourth segment (it would not round-trip through format)', () => {
    // `parseHlc` splits on ':' and reads only the first three parts, so the trailing `:extra` is
    // silently dropped: the stamp is accepted although it is not in the format `formatHlc` writes.
    const stamp = '000000000000001:000000:dev-1:extra';
    expect(() => parseHlc(stamp)).toThrow(/not a hybrid logical clock stamp/);
    expect(isHlc(stamp)).toBe(false);
  });

  it('rejects a node id that could not round-trip', () => {
    expect(() => initialHlc('dev:1')).toThrow();
    expect(() => initialHlc('')).toThrow();
  });
});
