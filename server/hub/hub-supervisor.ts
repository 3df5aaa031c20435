import { startEmbeddedHub, type EmbeddedHub } from './embedded-hub.ts';

export interface SupervisedHub {
  readonly url: string;
  readonly admin: { username: string; password: string };
  current(): EmbeddedHub | null;
  stop(): Promise<void>;
}

/**
 * Keeps the embedded hub running: if its process dies, it is started again on the same port and
 * data, with a growing pause between tries. Meanwhile the gateway answers 503 and stays up.
 */
export async function superviseEmbeddedHub(dataDir: string, port = 0, log: (msg: string) => void = () => undefined): Promise<SupervisedHub> {
  let hub = await startEmbeddedHub({ dataDir, port });
  let stopping = false;
  let live: EmbeddedHub | null = hub;
  const fixedPort = hub.port;

  const watch = (running: EmbeddedHub): void => {
    void running.exited.then(async (code) => {
      if (stopping) return;
      live = null;
      log(`embedded hub exited (${String(code)}); restarting`);
      for (let attempt = 1; !stopping; attempt += 1) {
        try {
          hub = await startEmbeddedHub({ dataDir, port: fixedPort });
          live = hub;
          log('embedded hub is back');
          watch(hub);
          return;
        } catch (err) {
          log(`embedded hub restart ${attempt} failed: ${err instanceof Error ? err.message : String(err)}`);
          await new Promise((r) => setTimeout(r, Math.min(10_000, 250 * 2 ** attempt)));
        }
      }
    });
  };
  watch(hub);

  return {
    url: hub.url,
    admin: hub.admin,
    current: () => live,
    async stop() {
      stopping = true;
      await live?.stop();
    },
  };
}
