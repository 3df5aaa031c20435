import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./gateway-process.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A gateway process this test started (gateway-process.ts), known by its process id. */
export interface GatewayChild {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** SIGKILL: the gateway dies mid-request, as a machine losing power would. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/** Starts a gateway with `env` (as `npm start` reads it) and waits until it listens. */
export async function startGatewayChild(env: Readonly<Record<string, string>>): Promise<GatewayChild> {
  const child: ChildProcess = fork(ENTRY, [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    // Its JSON log lines would drown the test's output: errors only.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('gateway process could not be spawned');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('gateway process did not listen within 120 s')), 120_000);
    child.once('message', (message: { type?: string; url?: string }) => {
      clearTimeout(timer);
      if (message.type === 'listening' && typeof message.url === 'string') resolve(message.url);
      else reject(new Error('gateway process sent an unexpected message'));
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error('gateway process exited before it listened'));
    });
  });
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  return {
    url,
    port: Number(new URL(url).port),
    pid,
    async kill() {
      if (alive()) process.kill(pid, 'SIGKILL');
      await exited;
    },
    async stop() {
      if (!alive()) return;
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (alive()) process.kill(pid, 'SIGKILL');
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
