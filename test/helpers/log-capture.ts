/** One line the gateway logged, parsed: pino's JSON fields plus ours (`event`, `code`, ...). */
export type LogEntry = Record<string, unknown>;

/**
 * A log destination for `build({ logger: { stream } })`: keeps every line pino writes, so a test
 * can look for the events it caused and for what must never be logged.
 */
export class LogCapture {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  /** Everything logged so far, as one text: for "appears nowhere" checks. */
  text(): string {
    return this.lines.join('');
  }

  entries(): LogEntry[] {
    return this.lines.flatMap((line) => line.split('\n')).filter((line) => line.trim() !== '').map((line) => {
      const value: unknown = JSON.parse(line);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`a log line that is not a JSON object: ${line.slice(0, 200)}`);
      return value as LogEntry;
    });
  }

  events(name: string): LogEntry[] {
    return this.entries().filter((entry) => entry.event === name);
  }
}
