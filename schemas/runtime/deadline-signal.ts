// schemas/runtime holds tiny platform helpers shared by the station and the gateway; no I/O.
/**
 * An abort signal that fires after `timeoutMs` or when any of `parents` fires, held by a plain
 * AbortController. Node 20's `AbortSignal.any`/`AbortSignal.timeout` signals can be garbage
 * collected while a request still waits on them, after which they never fire (measured here: hub
 * long-polls hung for minutes). `dispose` removes the timer and the listeners.
 */
export interface DeadlineSignal {
  readonly signal: AbortSignal;
  dispose(): void;
}

export function deadlineSignal(timeoutMs: number | null, ...parents: (AbortSignal | undefined)[]): DeadlineSignal {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  const timer = timeoutMs === null ? null : setTimeout(abort, timeoutMs);
  const linked = parents.filter((p): p is AbortSignal => p !== undefined);
  for (const parent of linked) {
    if (parent.aborted) controller.abort();
    else parent.addEventListener('abort', abort, { once: true });
  }
  return {
    signal: controller.signal,
    dispose() {
      if (timer !== null) clearTimeout(timer);
      for (const parent of linked) parent.removeEventListener('abort', abort);
    },
  };
}
