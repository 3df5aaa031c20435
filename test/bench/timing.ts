/** Small timing helpers for the benchmarks: a monotonic clock, polling, and readable figures. */

export function nowMs(): number {
  return performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `read` every `everyMs` until `done` holds, and returns the elapsed time since `startedAt`
 * at the first poll that saw it. Throws (an outright error, ending the run) after `timeoutMs`.
 */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  opts: { startedAt: number; everyMs?: number; timeoutMs?: number },
): Promise<{ ms: number; value: T }> {
  const everyMs = opts.everyMs ?? 50;
  const timeoutMs = opts.timeoutMs ?? 300_000;
  for (;;) {
    const value = await read();
    const elapsed = nowMs() - opts.startedAt;
    if (done(value)) return { ms: elapsed, value };
    if (elapsed > timeoutMs) throw new Error(`bench: timed out after ${Math.round(elapsed)} ms waiting for ${what}; last value ${JSON.stringify(value)}`);
    await sleep(everyMs);
  }
}

export function perSecond(count: number, ms: number): number {
  return ms <= 0 ? 0 : Math.round((count * 1000) / ms);
}

export function fmtMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function ratio(a: number, b: number): string {
  return b === 0 ? 'n/a' : `${(a / b).toFixed(2)}x`;
}

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}
