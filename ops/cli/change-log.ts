import { appendFile, mkdir } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { dirname } from 'node:path';

/** One change the operations CLI made, as logged. */
export interface ChangeRecord {
  readonly event: string;
  readonly [field: string]: unknown;
}

/** Where every change is recorded. */
export interface ChangeLog {
  record(change: ChangeRecord): Promise<void>;
}

/**
 * Every change is one JSON line, on stdout and appended to `file` (mode 0600): when, who (the
 * system user running the command, on which host), what. Never a password: a generated one is
 * shown to the operator once, outside the log.
 */
export function fileChangeLog(file: string, out: { write(line: string): unknown } = process.stdout): ChangeLog {
  let who = 'unknown';
  try {
    who = userInfo().username;
  } catch {
    // No user name for this uid (a container): "unknown" it stays.
  }
  return {
    async record(change) {
      const line = `${JSON.stringify({ time: new Date().toISOString(), by: who, host: hostname(), ...change })}\n`;
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      await appendFile(file, line, { mode: 0o600 });
      out.write(line);
    },
  };
}
