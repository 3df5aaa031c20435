/**
 * A gateway in a process of its own, as `npm start` runs one (hub setup, seed when asked, the
 * gateway listening) but without building the consoles: for tests that kill a gateway outright.
 * Configured by its environment like `npm start`; tells its parent where it listens over IPC.
 */
import { readConfig } from '../../server/config.ts';
import { PRIVATE_UMASK } from '../../server/private-files.ts';
import { startLiandong } from '../../ops/start-network.ts';

process.umask(PRIVATE_UMASK);
const running = await startLiandong(readConfig(process.env));
process.send?.({ type: 'listening', url: running.url });
const stop = (): void => {
  running.stop().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGTERM', stop);
process.on('disconnect', stop);
