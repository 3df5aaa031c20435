import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeLog, ChangeRecord } from '../../ops/cli/change-log.ts';
import { createAccount, resetPassword, setAccountDisabled } from '../../ops/cli/commands/accounts.ts';
import { addUnit, type AddUnitInput } from '../../ops/cli/commands/add-unit.ts';
import { exportCatalog, importCatalog, parseCatalogCsv } from '../../ops/cli/commands/catalog-csv.ts';
import { quietStations } from '../../ops/cli/commands/quiet-stations.ts';
import { hubCalendarStore, setCalendarYear } from '../../ops/cli/commands/set-calendar.ts';
import { OpsError } from '../../ops/cli/ops-error.ts';
import { HUB_URL_FILE } from '../../server/hub/hub-supervisor.ts';
import { rawHeartbeat } from '../helpers/raw-cases.ts';
import { startTestNetwork, type TestNetwork } from '../helpers/test-network.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** An OpsError, in both languages; anything else fails the test. */
async function refusal(work: Promise<unknown>): Promise<OpsError> {
  const err = await work.then(() => null, (e: unknown) => e);
  if (!(err instanceof OpsError)) throw new Error(`expected an OpsError, got ${String(err)}`);
  expect(err.zh, 'the Chinese message').toMatch(/[\u4e00-\u9fff]/);
  return err;
}

describe('npm run ops: running the network', () => {
  let network: TestNetwork;
  const changes: ChangeRecord[] = [];
  const log: ChangeLog = { record: async (change) => void changes.push(change) };
  const login = (username: string, password: string): Promise<Response> => fetch(`${network.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  beforeAll(async () => {
    network = await startTestNetwork();
  });
  afterAll(async () => {
    await network.stop();
  });

  it('adds units where the tree allows them, and says why not elsewhere', async () => {
    const street: AddUnitInput = { id: 'street-ops-probe', nameZh: '测试街道', nameEn: 'Probe street', tier: 'street', parentId: 'hefei-center', calendarId: 'cn-mainland' };
    expect((await addUnit(network.hubPort, log, street)).tier).toBe('street');
    await addUnit(network.hubPort, log, { ...street, id: 'community-ops-probe', tier: 'community', parentId: 'street-ops-probe', nameEn: 'Probe station', nameZh: '测试社区' });
    expect((await refusal(addUnit(network.hubPort, log, street))).en).toMatch(/exists already/);
    expect((await refusal(addUnit(network.hubPort, log, { ...street, id: 'x-1', tier: 'village' }))).en).toMatch(/--tier must be/);
    expect((await refusal(addUnit(network.hubPort, log, { ...street, id: 'x-2', parentId: null }))).en).toMatch(/needs --parent/);
    expect((await refusal(addUnit(network.hubPort, log, { ...street, id: 'x-3', tier: 'community', parentId: 'hefei-center' }))).en).toMatch(/must be a street unit/);
    expect((await refusal(addUnit(network.hubPort, log, { ...street, id: 'Bad Id' }))).en).toMatch(/not valid/);
    expect(changes.filter((c) => c.event === 'unit_added').map((c) => c.unitId)).toEqual(['street-ops-probe', 'community-ops-probe']);
  });

  it('creates, disables, enables and resets accounts; sessions end as they should', async () => {
    const created = await createAccount(network.hubPort, log, { username: 'probe.worker', unitId: 'community-ops-probe', role: 'community_worker', workerName: '测试员' });
    expect((await login('probe.worker', created.password)).status).toBe(200);
    expect((await refusal(createAccount(network.hubPort, log, { username: 'probe.worker', unitId: 'community-ops-probe', role: 'community_worker', workerName: 'x' }))).en).toMatch(/exists already/);
    expect((await refusal(createAccount(network.hubPort, log, { username: 'probe2', unitId: 'community-ops-probe', role: 'street_clerk', workerName: 'x' }))).en).toMatch(/cannot work at a community unit/);
    expect((await refusal(createAccount(network.hubPort, log, { username: 'probe3', unitId: 'nowhere', role: 'street_clerk', workerName: 'x' }))).en).toMatch(/no unit nowhere/);
    expect((await refusal(createAccount(network.hubPort, log, { username: 'probe4', unitId: 'community-ops-probe', role: 'mayor', workerName: 'x' }))).en).toMatch(/--role must be/);

    const session = (await (await login('probe.worker', created.password)).json()) as { token: string };
    await setAccountDisabled(network.hubPort, log, 'probe.worker', true);
    network.app.gateway.accounts.invalidate();
    expect((await login('probe.worker', created.password)).status).toBe(401);
    const refused = await fetch(`${network.url}/sync/community-ops-probe/units/_changes?since=0`, { headers: { authorization: `Bearer ${session.token}` } });
    expect(refused.status).toBe(403);
    await setAccountDisabled(network.hubPort, log, 'probe.worker', false);
    network.app.gateway.accounts.invalidate();
    expect((await login('probe.worker', created.password)).status).toBe(200);

    const reset = await resetPassword(network.hubPort, log, 'probe.worker');
    network.app.gateway.accounts.invalidate();
    expect((await login('probe.worker', created.password)).status, 'the old password').toBe(401);
    expect((await login('probe.worker', reset.password)).status, 'the new password').toBe(200);
    expect((await refusal(resetPassword(network.hubPort, log, 'nobody'))).en).toMatch(/no account nobody/);
    expect(changes.map((c) => c.event)).toEqual(expect.arrayContaining(['account_created', 'account_disabled', 'account_enabled', 'account_password_reset']));
    expect(JSON.stringify(changes)).not.toContain(reset.password);
  });

  it('exports the catalog as CSV and imports it back: unchanged, then one item changed', async () => {
    const csv = await exportCatalog(network.hubPort);
    const items = parseCatalogCsv(csv);
    expect(items.length).toBeGreaterThan(10);
    expect(await importCatalog(network.hubPort, log, items, false)).toEqual({ added: [], updated: [], unchanged: items.length });
    const [header, first, ...rest] = csv.trimEnd().split('\n');
    const renamed = `${header ?? ''}\n${(first ?? '').replace(/^([^,]+),[^,]+,/, '$1,改名后的事项,')}\n${rest.join('\n')}\nNEW-0001,新事项,New item,民政,Civil affairs,street,community;street,commitment,20,10,0,带齐材料,Bring the papers,appointment,id-card|居民身份证|ID card|1|0,新办;xb\n`;
    const dry = await importCatalog(network.hubPort, log, parseCatalogCsv(renamed), true);
    expect(dry.added).toEqual(['NEW-0001']);
    expect(dry.updated).toHaveLength(1);
    expect((await network.hubPort.database('catalog').get('NEW-0001')), 'a dry run writes nothing').toBeNull();
    await importCatalog(network.hubPort, log, parseCatalogCsv(renamed), false);
    expect((await network.hubPort.database('catalog').get('NEW-0001'))?.pinyinInitials).toBe('xsx');

    const bad = `${header ?? ''}\nBAD-1,名,Name,类,Cat,province,community,commitment,ten,5,0,g,g,,,\nNEW-0001,a,b,c,d,street,community,instant,1,1,0,g,g,,x|y,\nNEW-0001,a,b,c,d,street,community,instant,1,1,0,g,g,,,\n`;
    const problems = (await refusal(Promise.resolve().then(() => parseCatalogCsv(bad)))).en;
    expect(problems).toMatch(/line 2 \(BAD-1\): legal_days must be a whole number/);
    expect(problems).toMatch(/line 3 \(NEW-0001\): material "x\|y"/);
    expect(problems).toMatch(/line 4: code NEW-0001 appears twice/);
    expect((await refusal(Promise.resolve().then(() => parseCatalogCsv('code,name_zh\nX,y\n')))).en).toMatch(/Columns missing: name_en/);
  });

  it('sets a calendar year from a CSV, refusing impossible days', async () => {
    const store = hubCalendarStore(network.hubPort);
    const csv = 'date,kind\n2030-01-01,holiday\n2030-02-04,休\n2030-02-09,workday\n';
    const first = await setCalendarYear(store, log, { calendarId: 'cn-mainland', year: 2030, notice: '测试通知', provisional: true, csv });
    expect(first).toMatchObject({ replaced: false, year: { id: 'cn-mainland:2030', holidays: ['2030-01-01', '2030-02-04'], makeupWorkdays: ['2030-02-09'], status: 'provisional' } });
    expect((await setCalendarYear(store, log, { calendarId: 'cn-mainland', year: 2030, notice: '测试通知（正式）', provisional: false, csv })).replaced).toBe(true);
    const bad = 'date,kind\n2030-02-30,holiday\n2029-12-31,holiday\n2030-01-05,holiday\n2030-01-07,workday\n2030-01-08,maybe\n';
    const err = (await refusal(setCalendarYear(store, log, { calendarId: 'cn-mainland', year: 2030, notice: 'x', provisional: false, csv: bad }))).en;
    expect(err).toMatch(/"2030-02-30" is not a date/);
    expect(err).toMatch(/2029-12-31 is not in 2030/);
    expect(err).toMatch(/holiday on a weekend: 2030-01-05/);
    expect(err).toMatch(/make-up day on a weekday: 2030-01-07/);
    expect(err).toMatch(/holiday \(休\) or workday \(班\)/);
  });

  it('shows the units that have gone quiet', async () => {
    const before = await quietStations(network.hubPort, 60_000, Date.now());
    expect(before.some((s) => s.unit.id === 'community-xinghuacun' && s.lastHeartbeatAt === null)).toBe(true);
    const { token } = await network.login(network.account('community-xinghuacun').username);
    const beat = await fetch(`${network.url}/sync/community-xinghuacun/heartbeats/_bulk_docs`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ docs: [rawHeartbeat('community-xinghuacun', 'ops-probe')] }) });
    expect(beat.status).toBe(201);
    // The gateway writes heartbeats in batches: this one is on the hub once its batch is.
    await network.app.gateway.heartbeatBatches.flush();
    const after = await quietStations(network.hubPort, 60_000, Date.now());
    expect(after.some((s) => s.unit.id === 'community-xinghuacun')).toBe(false);
    expect(after.every((s) => s.unit.tier !== 'city')).toBe(true);
  });

  it('runs as `npm run ops` against the running network\'s hub, logging changes to a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'liandong-ops-'));
    try {
      const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LIANDONG_OPS_LOG: join(dir, 'changes.log') };
      if (network.hubAddress.external) {
        Object.assign(env, { COUCHDB_URL: network.hubAddress.urls.join(','), COUCHDB_USER: network.hubAddress.admin.username, COUCHDB_PASSWORD: network.hubAddress.admin.password, LIANDONG_DATABASE_PREFIX: network.hubAddress.databasePrefix ?? 'liandong_' });
      } else {
        // As `npm start` leaves them: the hub's address beside its admin's credentials.
        await writeFile(join(network.dataDir, HUB_URL_FILE), `${network.hubAddress.urls[0] ?? ''}\n`);
        env.DATA_DIR = network.dataDir;
      }
      const cli = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => run(process.execPath, ['--import', 'tsx', 'ops/cli/main.ts', ...args], { cwd: ROOT, env, timeout: 120_000 }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' }),
      );
      const quiet = await cli('stations', 'quiet', '--minutes', '5', '--json');
      expect(quiet.code, quiet.stderr).toBe(0);
      expect((JSON.parse(quiet.stdout) as { unitId: string }[]).length).toBeGreaterThan(0);
      const added = await cli('unit', 'add', '--id', 'community-cli-probe', '--name-zh', '命令行社区', '--name-en', 'CLI station', '--tier', 'community', '--parent', 'street-sanxiaokou');
      expect(added.code, added.stderr).toBe(0);
      const again = await cli('unit', 'add', '--id', 'community-cli-probe', '--name-zh', '命令行社区', '--name-en', 'CLI station', '--tier', 'community', '--parent', 'street-sanxiaokou');
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/error: Unit community-cli-probe exists already[\s\S]*错误：单位 community-cli-probe 已存在/);
      const missing = await cli('account', 'create', '--username', 'x');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/required option '--unit <id>' not specified/);
      const logged = (await readFile(join(dir, 'changes.log'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as ChangeRecord);
      expect(logged).toEqual([expect.objectContaining({ event: 'unit_added', unitId: 'community-cli-probe', by: expect.any(String), time: expect.any(String) })]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
