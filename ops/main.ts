import { ensureClientBuild } from '../server/client-build.ts';
import { readConfig } from '../server/config.ts';
import { writeLogLine } from '../server/logging.ts';
import { PRIVATE_UMASK } from '../server/private-files.ts';
import { startLiandong } from './start-network.ts';

/** `npm start`: the demo network on the embedded hub, or production against COUCHDB_URL. */
async function main(): Promise<void> {
  // Files the gateway writes under DATA_DIR (token secret, demo accounts) are its user's alone.
  process.umask(PRIVATE_UMASK);
  const config = readConfig(process.env);
  // JSON lines on stdout, like the gateway's own log.
  const log = (msg: string): void => writeLogLine('info', msg);
  // The consoles are served from client/dist: build them first when missing or stale.
  await ensureClientBuild(log);
  const running = await startLiandong(config, log);
  log(`hub: ${running.embeddedHub === null ? 'Apache CouchDB at COUCHDB_URL' : `embedded, data in ${config.dataDir}`}`);
  if (running.seed !== null) {
    const { written, accountsFile, accounts } = running.seed;
    log(`demo network: ${accounts.length} accounts in ${accountsFile}; added ${written.units} units, ${written.catalog} items, ${written.cases} cases this start`);
  }
  log(`联动 Liandong is running at ${running.url}`);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    running.stop().then(() => process.exit(0), (err: unknown) => {
      writeLogLine('error', 'could not stop cleanly', { err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) });
      process.exit(1);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  writeLogLine('fatal', `could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
