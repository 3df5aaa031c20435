/**
 * Hybrid logical clock (Kulkarni et al.): wall time that never runs backwards, plus a counter, plus
 * the node id. Its string form sorts lexicographically in causal-then-wall-clock order, so a fold can
 * order events from devices whose clocks disagree.
 */
export interface HlcState {
  readonly wallMs: number;
  readonly counter: number;
  readonly node: string;
}

const WALL_WIDTH = 15;
const COUNTER_WIDTH = 6;
const MAX_COUNTER = 10 ** COUNTER_WIDTH - 1;
const NODE_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

export function initialHlc(node: string): HlcState {
  if (!NODE_PATTERN.test(node)) throw new Error(`HLC node id must match ${NODE_PATTERN.source}: ${node}`);
  return { wallMs: 0, counter: 0, node };
}

/**
 * How far ahead of the hub's clock a stamp may be. The gateway refuses steps stamped further ahead,
 * and a device never adopts a clock beyond its own time plus this much: one bad stamp (a device
 * clock set to the year 3000) must not drag every device that sees it into the future.
 */
export const DEFAULT_MAX_CLOCK_AHEAD_MS = 5 * 60_000;

/** A saved clock further ahead than the limit is not one to keep: start again from now. */
function withinLimit(state: HlcState, nowMs: number, maxAheadMs: number): HlcState {
  return state.wallMs > nowMs + maxAheadMs ? { ...state, wallMs: 0, counter: 0 } : state;
}

/** The stamp for a local event at `nowMs`. */
export function tickHlc(state: HlcState, nowMs: number, maxAheadMs = DEFAULT_MAX_CLOCK_AHEAD_MS): HlcState {
  const local = withinLimit(state, nowMs, maxAheadMs);
  if (nowMs > local.wallMs) return { ...local, wallMs: nowMs, counter: 0 };
  return bumpCounter(local, local.wallMs, local.counter);
}

/**
 * Advance past a stamp seen from another node, so later local events sort after it. A stamp more
 * than `maxAheadMs` ahead of `nowMs` is not adopted: the new stamp is a plain tick.
 */
export function receiveHlc(state: HlcState, remote: string, nowMs: number, maxAheadMs = DEFAULT_MAX_CLOCK_AHEAD_MS): HlcState {
  const seen = parseHlc(remote);
  const local = withinLimit(state, nowMs, maxAheadMs);
  if (seen.wallMs > nowMs + maxAheadMs) return tickHlc(local, nowMs, maxAheadMs);
  const wallMs = Math.max(local.wallMs, seen.wallMs, nowMs);
  if (wallMs === local.wallMs && wallMs === seen.wallMs) {
    return bumpCounter(local, wallMs, Math.max(local.counter, seen.counter));
  }
  if (wallMs === local.wallMs) return bumpCounter(local, wallMs, local.counter);
  if (wallMs === seen.wallMs) return bumpCounter(local, wallMs, seen.counter);
  return { ...local, wallMs, counter: 0 };
}

function bumpCounter(state: HlcState, wallMs: number, counter: number): HlcState {
  // A counter overflow means a million events in one millisecond: borrow the next millisecond.
  if (counter >= MAX_COUNTER) return { ...state, wallMs: wallMs + 1, counter: 0 };
  return { ...state, wallMs, counter: counter + 1 };
}

export function formatHlc(state: HlcState): string {
  return `${String(state.wallMs).padStart(WALL_WIDTH, '0')}:${String(state.counter).padStart(COUNTER_WIDTH, '0')}:${state.node}`;
}

export function parseHlc(stamp: string): HlcState {
  const parts = stamp.split(':');
  const [wall, counter, node] = parts;
  if (
    parts.length !== 3 || wall === undefined || counter === undefined || node === undefined ||
    !/^\d{15}$/.test(wall) || !/^\d{6}$/.test(counter) || !NODE_PATTERN.test(node)
  ) {
    throw new Error(`not a hybrid logical clock stamp: ${stamp}`);
  }
  return { wallMs: Number(wall), counter: Number(counter), node };
}

export function isHlc(stamp: string): boolean {
  try {
    parseHlc(stamp);
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds of wall time in a stamp: when the event happened, as well as its device could tell. */
export function hlcWallMs(stamp: string): number {
  return parseHlc(stamp).wallMs;
}
