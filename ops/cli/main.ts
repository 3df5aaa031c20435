// `npm run ops -- <command>`: running the network, for the city's operators. Every command works
// on the hub the gateway's configuration names (COUCHDB_URL, or the embedded hub under DATA_DIR,
// running or not), refuses bad input with what to do in English and Chinese, and logs every
// change as a JSON line (stdout and DATA_DIR/ops-changes.log, or LIANDONG_OPS_LOG).
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { readConfig, type ServerConfig } from '../../server/config.ts';
import { PRIVATE_UMASK } from '../../server/private-files.ts';
import { backupHub, readManifest, restoreHub } from '../backup/hub-backup.ts';
import { moveToCouchDb } from '../backup/move-to-couchdb.ts';
import { fileChangeLog, type ChangeLog } from './change-log.ts';
import { createAccount, resetPassword, setAccountDisabled } from './commands/accounts.ts';
import { addUnit } from './commands/add-unit.ts';
import { exportCatalog, importCatalog, parseCatalogCsv } from './commands/catalog-csv.ts';
import { quietStations } from './commands/quiet-stations.ts';
import { hubCalendarStore, setCalendarYear } from './commands/set-calendar.ts';
import { openHub, type OpenedHub } from './hub-access.ts';
import { OpsError } from './ops-error.ts';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('a whole number above 0 is needed');
  return n;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new OpsError(`Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`, `无法读取 ${file}：${err instanceof Error ? err.message : String(err)}`);
  }
}

function configuration(): ServerConfig {
  try {
    return readConfig(process.env);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new OpsError(message, `环境变量有误：${message}`);
  }
}

function changeLog(config: ServerConfig): ChangeLog {
  return fileChangeLog(process.env.LIANDONG_OPS_LOG ?? join(config.dataDir, 'ops-changes.log'));
}

/** Opens the configured hub, runs `work`, and lets go of the hub whatever happens. */
async function withHub<T>(work: (hub: OpenedHub, log: ChangeLog, config: ServerConfig) => Promise<T>, opts: { createEmbedded?: boolean } = {}): Promise<T> {
  const config = configuration();
  const hub = await openHub(config, opts);
  try {
    return await work(hub, changeLog(config), config);
  } finally {
    await hub.close();
  }
}

export function opsProgram(): Command {
  const program = new Command('ops')
    .description('Run the Liandong network: units, accounts, catalog, calendar, quiet stations, backups, the move to Apache CouchDB.')
    .showHelpAfterError()
    .exitOverride();

  const unit = program.command('unit').description('the network tree');
  unit.command('add')
    .description('add a street hall under the city, or a community station under a street hall')
    .requiredOption('--id <id>', 'unit id: lowercase letters, digits and -')
    .requiredOption('--name-zh <name>', 'name in Chinese')
    .requiredOption('--name-en <name>', 'name in English')
    .requiredOption('--tier <tier>', 'city, street or community')
    .option('--parent <id>', 'the unit above it')
    .option('--calendar <id>', 'working-day calendar', 'cn-mainland')
    .option('--address <text>', 'address')
    .option('--phone <text>', 'phone')
    .action(async (o: { id: string; nameZh: string; nameEn: string; tier: string; parent?: string; calendar: string; address?: string; phone?: string }) => {
      const added = await withHub((hub, log) => addUnit(hub.port, log, { id: o.id, nameZh: o.nameZh, nameEn: o.nameEn, tier: o.tier, parentId: o.parent ?? null, calendarId: o.calendar, ...(o.address === undefined ? {} : { address: o.address }), ...(o.phone === undefined ? {} : { phone: o.phone }) }));
      say(`added unit ${added.id} (${added.tier}) under ${added.parentId ?? 'nobody'}`);
    });

  const account = program.command('account').description('workers\' accounts');
  account.command('create')
    .description('create an account at a unit; its first password is generated and shown once')
    .requiredOption('--username <name>', 'sign-in name')
    .requiredOption('--unit <id>', 'the unit it works at')
    .requiredOption('--role <role>', 'community_worker, street_clerk, city_supervisor, catalog_editor or admin')
    .requiredOption('--name <name>', 'the worker\'s name, as steps record it')
    .action(async (o: { username: string; unit: string; role: string; name: string }) => {
      const created = await withHub((hub, log) => createAccount(hub.port, log, { username: o.username, unitId: o.unit, role: o.role, workerName: o.name }));
      say(`created ${created.account.username} at ${created.account.unitId}; password (shown once, hand it over privately): ${created.password}`);
    });
  account.command('disable <username>')
    .description('disable an account: every session it has ends now')
    .action(async (username: string) => {
      await withHub((hub, log) => setAccountDisabled(hub.port, log, username, true));
      say(`disabled ${username}`);
    });
  account.command('enable <username>')
    .description('enable a disabled account again (its old sessions stay ended)')
    .action(async (username: string) => {
      await withHub((hub, log) => setAccountDisabled(hub.port, log, username, false));
      say(`enabled ${username}`);
    });
  account.command('reset-password <username>')
    .description('give an account a new generated password, shown once; its sessions end')
    .action(async (username: string) => {
      const reset = await withHub((hub, log) => resetPassword(hub.port, log, username));
      say(`new password for ${reset.account.username} (shown once, hand it over privately): ${reset.password}`);
    });

  const catalog = program.command('catalog').description('the service catalog');
  catalog.command('import <file>')
    .description('add and update service items from a CSV file (the columns `catalog export` writes)')
    .option('--dry-run', 'check the file and say what would change, writing nothing')
    .action(async (file: string, o: { dryRun?: boolean }) => {
      const items = parseCatalogCsv(await readText(file));
      const result = await withHub((hub, log) => importCatalog(hub.port, log, items, o.dryRun === true));
      say(`${o.dryRun === true ? 'would add' : 'added'} ${result.added.length}, ${o.dryRun === true ? 'would update' : 'updated'} ${result.updated.length}, unchanged ${result.unchanged}`);
    });
  catalog.command('export')
    .description('write the catalog as CSV')
    .option('--out <file>', 'file to write (default: stdout)')
    .action(async (o: { out?: string }) => {
      const csv = await withHub((hub) => exportCatalog(hub.port));
      if (o.out === undefined) process.stdout.write(csv);
      else await writeFile(o.out, csv);
    });

  const calendar = program.command('calendar').description('working-day calendars');
  calendar.command('set')
    .description('enter (or replace) one year of a calendar from a CSV of `date,kind` lines (holiday/休, workday/班)')
    .requiredOption('--year <year>', 'the year', positiveInteger)
    .requiredOption('--file <file>', 'CSV: one line per day, e.g. 2027-02-08,holiday')
    .requiredOption('--notice <text>', 'the State Council notice the dates come from (title and date)')
    .option('--calendar <id>', 'calendar id', 'cn-mainland')
    .option('--provisional', 'the notice is not published yet: only fixed-date holidays are known')
    .action(async (o: { year: number; file: string; notice: string; calendar: string; provisional?: boolean }) => {
      const csv = await readText(o.file);
      const result = await withHub((hub, log) => setCalendarYear(hubCalendarStore(hub.port), log, { calendarId: o.calendar, year: o.year, notice: o.notice, provisional: o.provisional === true, csv }));
      say(`${result.replaced ? 'replaced' : 'entered'} ${result.year.id}: ${result.year.holidays.length} holidays, ${result.year.makeupWorkdays.length} make-up working days`);
    });

  const stations = program.command('stations').description('station health');
  stations.command('quiet')
    .description('units whose devices have sent no heartbeat for a while, or never')
    .option('--minutes <n>', 'quiet for at least this long', positiveInteger, 60)
    .option('--json', 'print JSON')
    .action(async (o: { minutes: number; json?: boolean }) => {
      const now = Date.now();
      const quiet = await withHub((hub) => quietStations(hub.port, o.minutes * 60_000, now));
      if (o.json === true) {
        say(JSON.stringify(quiet.map((s) => ({ unitId: s.unit.id, tier: s.unit.tier, name: s.unit.name.zh, lastHeartbeatAt: s.lastHeartbeatAt === null ? null : new Date(s.lastHeartbeatAt).toISOString() }))));
        return;
      }
      if (quiet.length === 0) say(`every unit has reported within ${o.minutes} minutes`);
      for (const s of quiet) {
        const since = s.lastHeartbeatAt === null ? 'never reported' : `last heartbeat ${new Date(s.lastHeartbeatAt).toISOString()} (${Math.round((now - s.lastHeartbeatAt) / 60_000)} min ago)`;
        say(`${s.unit.id}\t${s.unit.tier}\t${s.unit.name.zh}\t${since}`);
      }
    });

  program.command('backup')
    .description('back up every hub database (couchbackup) into a folder')
    .requiredOption('--out <dir>', 'folder to write (made if missing)')
    .action(async (o: { out: string }) => {
      const manifest = await withHub(async (hub, log) => {
        const made = await backupHub(hub.target, resolve(o.out), say);
        await log.record({ event: 'hub_backed_up', dir: resolve(o.out), documents: Object.fromEntries(made.databases.map((d) => [d.collection, d.documents])) });
        return made;
      });
      say(`backup complete: ${manifest.databases.reduce((n, d) => n + d.documents, 0)} documents in ${resolve(o.out)}`);
    });
  program.command('restore')
    .description('restore a backup into a fresh hub (COUCHDB_URL, or the embedded hub of a new DATA_DIR)')
    .requiredOption('--from <dir>', 'a folder `backup` wrote')
    .action(async (o: { from: string }) => {
      // The backup is checked before any hub is touched.
      await readManifest(resolve(o.from));
      const restored = await withHub(async (hub, log) => {
        const done = await restoreHub(hub.target, resolve(o.from), say);
        await log.record({ event: 'hub_restored', from: resolve(o.from), documents: Object.fromEntries(done.map((d) => [d.collection, d.documents])) });
        return done;
      }, { createEmbedded: true });
      say(`restore complete: ${restored.reduce((n, d) => n + d.documents, 0)} documents. Start the gateway on this hub; stations sync again by themselves.`);
    });
  program.command('move-to-couchdb')
    .description('move the network from the embedded hub under DATA_DIR to the Apache CouchDB at COUCHDB_URL, while it runs')
    .option('--wait-minutes <n>', 'how long to wait for the gateway to be stopped', positiveInteger, 60)
    .action(async (o: { waitMinutes: number }) => {
      const config = configuration();
      if (config.couchdbUrls === null || config.couchdbUser === null || config.couchdbPassword === null) {
        throw new OpsError('Set COUCHDB_URL, COUCHDB_USER and COUCHDB_PASSWORD to the CouchDB to move to, and DATA_DIR to the running network\'s folder.', '请将 COUCHDB_URL、COUCHDB_USER、COUCHDB_PASSWORD 设为迁入的 CouchDB，DATA_DIR 设为正在运行的网络的数据目录。');
      }
      const moved = await moveToCouchDb({
        dataDir: config.dataDir,
        sourcePrefix: config.databasePrefix,
        target: { urls: config.couchdbUrls, admin: { username: config.couchdbUser, password: config.couchdbPassword }, databasePrefix: config.databasePrefix },
        waitForStopMs: o.waitMinutes * 60_000,
        log: say,
        changeLog: changeLog(config),
      });
      say(`moved ${moved.reduce((n, d) => n + d.documents, 0)} documents. Start the gateway with COUCHDB_URL set (and the same LIANDONG_TOKEN_SECRET): stations sync again by themselves.`);
    });
  return program;
}

/** Runs one command line; resolves the exit status. */
export async function runOps(argv: readonly string[]): Promise<number> {
  try {
    await opsProgram().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof OpsError) process.stderr.write(`error: ${err.en}\n错误：${err.zh}\n`);
    else process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  process.umask(PRIVATE_UMASK);
  void runOps(process.argv.slice(2)).then((code) => process.exit(code));
}
