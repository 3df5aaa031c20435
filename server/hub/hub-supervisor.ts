import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmbeddedHub, type EmbeddedHub } from './embedded-hub.ts';

/**
 * Where a running network's embedded hub answers, for the tools that reach it beside the gateway
 * (`npm run ops`): `DATA_DIR/hub-url`, beside the admin's credentials in `hub-admin.json`.
 */
export const HUB_URL_FILE = 'hub-url';

export interface SupervisedHub {
  readonly url: string;
  readonly admin: { username: string; password: string };
  /** The hub process running now, or null while it is down or after `stop()`. */
  current(): EmbeddedHub | null;
  stop(): Promise<void>;
}

/**
 * Keeps the embedded hub running: if its process dies, it is started again on the same port and
 * data, with a growing pause between tries. Meanwhile the gateway answers 503 and stays up.
 * `stop()` wins over a restart under way: the restarted process is stopped as soon as it is up.
 */
export async function superviseEmbeddedHub(dataDir: string, port = 0, log: (msg: string) => void = () => undefined): Promise<SupervisedHub> {
  const first = await startEmbeddedHub({ dataDir, port });
  const fixedPort = first.port;
  // Restarts keep the port, so the address written once holds for the whole run.
  await writeFile(join(dataDir, HUB_URL_FILE), `${first.url}\n`, { mode: 0o600 });
  let stopping = false;
  let live: EmbeddedHub | null = first;
  /** The restart loop while the hub is down, so `stop()` can wait for it to give up. */
  let restarting: Promise<void> | null = null;
  const pause = new AbortController();

  const restart = async (): Promise<void> => {
    for (let attempt = 1; !stopping; attempt += 1) {
      try {
        const hub = await startEmbeddedHub({ dataDir, port: fixedPort });
        if (stopping) {
          await hub.stop();
          return;
        }
        live = hub;
        log('embedded hub is back');
        watch(hub);
        return;
      } catch (err) {
        log(`embedded hub restart ${attempt} failed: ${err instanceof Error ? err.message : String(err)}`);
        await sleep(Math.min(10_000, 250 * 2 ** attempt), pause.signal);
      }
    }
  };

  const watch = (running: EmbeddedHub): void => {
    void running.exited.then((code) => {
      if (stopping) return;
      live = null;
      log(`embedded hub exited (${String(code)}); restarting`);
      restarting = restart().finally(() => {
        restarting = null;
      });
    });
  };
  watch(first);

  return {
    url: first.url,
    admin: first.admin,
    current: () => live,
    async stop() {
      stopping = true;
      pause.abort();
      const running = live;
      live = null;
      await Promise.all([running?.stop(), restarting]);
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
