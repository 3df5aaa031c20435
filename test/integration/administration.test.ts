import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchCatalog } from '../../client/src/domain/catalog-search.ts';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import type { AccountIssued, AccountList, ChangeList, EditRefusal, UnitClosedAnswer, UnitOpenWorkAnswer } from '../../schemas/api/admin-answers.schema.ts';
import type { HubCollectionName } from '../../schemas/collections.ts';
import { schemaFieldsOf } from '../../schemas/couch-doc.ts';
import { draftOfItem, type ItemDraft } from '../../schemas/rules/item-edit.ts';
import type { CalendarYear, ServiceItem, Unit } from '../../schemas/types.ts';
import { GatewayCalls, hubSnapshot, rawEvent, rawHeartbeat, rawNewCase, stopNetworkBounded, toWire, withEvent, type BulkAnswerRow, type ErrorAnswer, type InjectResult } from '../helpers/raw-cases.ts';
import { eventually, startTestNetwork, type Session, type TestNetwork, type TestStation } from '../helpers/test-network.ts';

const CITY = 'hefei-center';
const STREET = 'street-sanxiaokou';
const COMMUNITY = 'community-xinghuacun';
const NEW_STATION = 'community-binhu-test';
/**
 * The hub databases a refused change could touch: the administered documents, the record of
 * changes, and the cases (the test's station writes its heartbeats, and what derives from them,
 * all along).
 */
const HELD: readonly HubCollectionName[] = ['catalog', 'calendars', 'units', 'accounts', 'audit', 'cases', 'caseNumbers'];

/** A new item, as the catalog editor types it: the pinyin is the gateway's job. */
const NEW_ITEM: ItemDraft = {
  code: 'HF-LL-0099',
  name: { zh: '老年人助浴服务申请', en: 'Bathing assistance for older people' },
  keywords: ['助浴', '老人洗澡'],
  category: { zh: '老龄服务', en: 'Elderly services' },
  decisionTier: 'street',
  acceptTiers: ['community', 'street'],
  materials: [{ id: 'id-card', name: { zh: '申请人居民身份证', en: "Applicant's resident ID card" }, originals: 1, copies: 1 }],
  legalDays: 10,
  promisedDays: 5,
  kind: 'commitment',
  feeYuan: 0,
  guide: { zh: '八十周岁以上老人可申请上门助浴服务。', en: 'People aged 80 or over may ask for bathing help at home.' },
  modes: ['door_to_door'],
};

function demoItem(code: string): ServiceItem {
  const item = DEMO_CATALOG.find((i) => i.code === code);
  if (item === undefined) throw new Error(`demo catalog lacks ${code}`);
  return item;
}

/** A year some years ahead, so that no day of it has passed whenever the test runs. */
const FUTURE_YEAR = new Date().getUTCFullYear() + 3;

/** The first date of `year` that falls on the weekday `weekday` (0 Sunday ... 6 Saturday), from `month`. */
function dateOn(year: number, month: number, weekday: number): string {
  for (let day = 1; day <= 28; day += 1) {
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCDay() === weekday) return date.toISOString().slice(0, 10);
  }
  throw new Error('no such day');
}

describe('the city\'s administration API: catalog, calendars, units, accounts, and the record of changes', () => {
  let network: TestNetwork;
  let calls: GatewayCalls;
  let editor: Session;
  let admin: Session;
  let station: TestStation;
  const sessions = new Map<string, Session>();

  beforeAll(async () => {
    network = await startTestNetwork();
    calls = new GatewayCalls(network.app);
    editor = await network.login('catalog-editor');
    admin = await network.login('admin');
    for (const unit of [COMMUNITY, STREET, CITY]) sessions.set(unit, await network.login(unit));
    station = await network.station(COMMUNITY);
  });

  afterAll(async () => {
    const problem = network === undefined ? null : await stopNetworkBounded(network);
    if (problem !== null) console.warn(`administration teardown: ${problem}`);
  });

  const put = async <T>(url: string, token: string, payload: unknown): Promise<InjectResult<T>> => {
    const answer = await network.app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    return { status: answer.statusCode, body: answer.json<T>() };
  };
  const storedItem = async (code: string): Promise<ServiceItem> => schemaFieldsOf((await network.hubPort.database('catalog').get(code)) ?? {}) as ServiceItem;
  const changes = async (): Promise<ChangeList['records']> => {
    const answer = await calls.get<ChangeList>('/api/changes?limit=200', admin.token);
    expect(answer.status).toBe(200);
    return answer.body.records;
  };
  const refusal = (answer: InjectResult<unknown>): EditRefusal => {
    expect(answer.status, JSON.stringify(answer.body)).toBe(422);
    const body = answer.body as EditRefusal;
    expect(body.code).toBe('ERR_EDIT_REFUSED');
    for (const p of body.problems) expect(p.zh, `${p.code} in Chinese`).toMatch(/[\u4e00-\u9fff]/);
    return body;
  };

  it('refuses every administrative change to the roles that do not hold its area, and changes nothing', async () => {
    const item = demoItem('HF-MZ-0001');
    const year = { id: `cn-mainland:${FUTURE_YEAR}`, calendarId: 'cn-mainland', year: FUTURE_YEAR, status: 'provisional', notice: 'test', holidays: [], makeupWorkdays: [] };
    const requests: [string, (token: string) => Promise<InjectResult<unknown>>][] = [
      ['add an item', (token) => calls.post('/api/catalog', token, { item: NEW_ITEM })],
      ['change an item', (token) => put(`/api/catalog/${item.code}`, token, { item: draftOfItem(item), basedOn: item })],
      ['set a calendar year', (token) => put(`/api/calendars/${year.id}`, token, { year, basedOn: null })],
      ['add a unit', (token) => calls.post('/api/units', token, { unit: { id: 'community-x', name: { zh: '某社区', en: 'X' }, tier: 'community', parentId: STREET, calendarId: 'cn-mainland' } })],
      ['read a unit\'s open work', (token) => calls.get(`/api/units/${COMMUNITY}/open-work`, token)],
      ['close a unit', (token) => calls.post(`/api/units/${COMMUNITY}/closure`, token, { note: '撤并' })],
      ['list accounts', (token) => calls.get('/api/accounts', token)],
      ['create an account', (token) => calls.post('/api/accounts', token, { username: 'new-worker', unitId: COMMUNITY, role: 'community_worker', workerName: '新人' })],
      ['reset a password', (token) => calls.post(`/api/accounts/${COMMUNITY}/password`, token, {})],
      ['disable an account', (token) => calls.post(`/api/accounts/${COMMUNITY}/disabled`, token, { disabled: true })],
      ['read the change record', (token) => calls.get('/api/changes', token)],
    ];
    const catalogAreas = new Set(['add an item', 'change an item', 'set a calendar year', 'read the change record']);
    const unitAreas = new Set(['add a unit', 'read a unit\'s open work', 'close a unit', 'list accounts', 'create an account', 'reset a password', 'disable an account', 'read the change record']);
    const before = await hubSnapshot(network.hubPort, HELD);
    const who: [string, Session, ReadonlySet<string>][] = [
      ['community worker', sessions.get(COMMUNITY) ?? editor, new Set()],
      ['street clerk', sessions.get(STREET) ?? editor, new Set()],
      ['city supervisor', sessions.get(CITY) ?? editor, new Set()],
      ['catalog editor', editor, catalogAreas],
      ['administrator', admin, unitAreas],
    ];
    for (const [role, session, allowed] of who) {
      for (const [what, request] of requests) {
        if (allowed.has(what)) continue;
        const answer = await request(session.token);
        expect(answer.status, `${role}: ${what}: ${JSON.stringify(answer.body)}`).toBe(403);
        expect((answer.body as ErrorAnswer).code, `${role}: ${what}`).toBe('ERR_ROLE_FORBIDS_API');
        expect((answer.body as ErrorAnswer).reason_zh).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    for (const [what, request] of requests) {
      const answer = await request('not-a-token');
      expect(answer.status, `no valid token: ${what}`).toBe(401);
    }
    expect(await hubSnapshot(network.hubPort, HELD), 'refused requests changed the hub').toEqual(before);
  });

  it('a catalog editor adds an item: the gateway adds its pinyin initials, records the change, and a station finds it by them after its next sync', async () => {
    const answer = await calls.post<{ item: ServiceItem }>('/api/catalog', editor.token, { item: NEW_ITEM });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.item.pinyinInitials).toBe('lnrzyfwsq');
    expect(answer.body.item.keywords).toEqual([{ text: '助浴', initials: 'zy' }, { text: '老人洗澡', initials: 'lrxz' }]);
    expect(await storedItem(NEW_ITEM.code)).toEqual(answer.body.item);

    const [record] = await changes();
    expect(record).toMatchObject({ action: 'item_added', target: { kind: 'item', id: NEW_ITEM.code }, by: { username: 'catalog-editor', unitId: CITY, role: 'catalog_editor' }, before: null, after: answer.body.item, outcome: 'applied' });
    expect(Math.abs((record?.at ?? 0) - Date.now())).toBeLessThan(60_000);

    const local = await eventually(() => station.db.collections.catalog.find().exec().then((docs) => docs.map((d) => d.toJSON() as ServiceItem)), (items) => items.some((i) => i.code === NEW_ITEM.code), 30_000, 'the item on the station');
    for (const typed of ['lnrzy', 'zy', 'lrxz']) {
      expect(searchCatalog(local, typed)[0]?.item.code, `the station typing ${typed}`).toBe(NEW_ITEM.code);
    }
    // The gateway's own rules know the item at once: a station may accept it.
    expect((await network.app.gateway.network.current()).catalog.get(NEW_ITEM.code)?.decisionTier).toBe('street');
  });

  it('an item with problems is refused with each problem at its field, in both languages, and nothing is written', async () => {
    const before = await hubSnapshot(network.hubPort, HELD);
    const bad: ItemDraft = {
      ...NEW_ITEM,
      code: 'HF-LL-0098',
      name: { zh: ' ', en: 'x' },
      promisedDays: 12,
      feeYuan: 1.005,
      kind: 'commitment',
      materials: [{ id: 'id-card', name: { zh: '身份证', en: 'ID' }, originals: 0, copies: 0 }, { id: 'id-card', name: { zh: '户口簿', en: 'Hukou' }, originals: 1, copies: 0 }],
    };
    const body = refusal(await calls.post('/api/catalog', editor.token, { item: bad }));
    expect(body.problems.map((p) => `${p.field}:${p.code}`).sort()).toEqual(['feeYuan:fee_form', 'materials.0:material_nothing', 'materials:duplicate', 'name.zh:required', 'promisedDays:promised_over_legal'].sort());
    const taken = refusal(await calls.post('/api/catalog', editor.token, { item: NEW_ITEM }));
    expect(taken.problems).toEqual([expect.objectContaining({ field: 'code', code: 'item_code_taken', en: expect.stringContaining(NEW_ITEM.code) })]);
    const shapeless = await calls.post<ErrorAnswer>('/api/catalog', editor.token, { item: { ...NEW_ITEM, legalDays: 'ten' } });
    expect(shapeless.status).toBe(400);
    expect(await hubSnapshot(network.hubPort, HELD), 'refused items changed the hub').toEqual(before);
  });

  it('a change to an item applies only over the version the editor saw; saving it unchanged records nothing', async () => {
    const seen = await storedItem('HF-MZ-0002');
    const changed = { ...draftOfItem(seen), promisedDays: 6, keywords: [...(draftOfItem(seen).keywords ?? []), '救急难'] };
    const ok = await put<{ item: ServiceItem }>('/api/catalog/HF-MZ-0002', editor.token, { item: changed, basedOn: seen });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.item.promisedDays).toBe(6);
    expect(ok.body.item.keywords?.at(-1)).toEqual({ text: '救急难', initials: 'jjn' });

    // A second editor still holding the old version is told, and overwrites nothing.
    const stale = await put<ErrorAnswer>('/api/catalog/HF-MZ-0002', editor.token, { item: { ...changed, promisedDays: 3 }, basedOn: seen });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('ERR_EDIT_STALE');
    expect((await storedItem('HF-MZ-0002')).promisedDays).toBe(6);

    const recorded = (await changes()).filter((r) => r.target.id === 'HF-MZ-0002');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ action: 'item_changed', before: seen, after: ok.body.item, outcome: 'applied' });
    const again = await put<{ item: ServiceItem }>('/api/catalog/HF-MZ-0002', editor.token, { item: changed, basedOn: ok.body.item });
    expect(again.status).toBe(200);
    expect((await changes()).filter((r) => r.target.id === 'HF-MZ-0002'), 'an unchanged save is no change').toHaveLength(1);
    const renamed = refusal(await put('/api/catalog/HF-MZ-0002', editor.token, { item: { ...changed, code: 'HF-MZ-0777' }, basedOn: ok.body.item }));
    expect(renamed.problems.map((p) => p.code)).toEqual(['item_code_changed']);
  });

  it('a catalog editor enters a calendar year: the rules hold, the past stays, and every unit receives it', async () => {
    const id = `cn-mainland:${FUTURE_YEAR}`;
    const monday = dateOn(FUTURE_YEAR, 10, 1);
    const saturday = dateOn(FUTURE_YEAR, 9, 6);
    const year: CalendarYear = { id, calendarId: 'cn-mainland', year: FUTURE_YEAR, status: 'published', notice: `国务院办公厅关于${FUTURE_YEAR}年部分节假日安排的通知`, holidays: [monday], makeupWorkdays: [saturday] };
    const before = await hubSnapshot(network.hubPort, HELD);
    const wrong = refusal(await put(`/api/calendars/${id}`, editor.token, { year: { ...year, holidays: [saturday, `${FUTURE_YEAR}-02-30`], makeupWorkdays: [monday] }, basedOn: null }));
    expect(wrong.problems.map((p) => `${p.field}:${p.code}`).sort()).toEqual(['holidays:holiday_on_weekend', 'holidays:not_a_date', 'makeupWorkdays:makeup_on_weekday'].sort());
    const past = refusal(await put('/api/calendars/cn-mainland:2025', editor.token, { year: { ...year, id: 'cn-mainland:2025', year: 2025, holidays: [], makeupWorkdays: [] }, basedOn: null }));
    expect(past.problems.map((p) => p.code)).toContain('year_over');
    expect(await hubSnapshot(network.hubPort, HELD), 'refused years changed the hub').toEqual(before);

    const set = await put<{ year: CalendarYear }>(`/api/calendars/${id}`, editor.token, { year, basedOn: null });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const again = await put<ErrorAnswer>(`/api/calendars/${id}`, editor.token, { year: { ...year, notice: 'another' }, basedOn: null });
    expect(again.status, 'a second "new" year over a stored one is stale').toBe(409);
    const unpublish = refusal(await put(`/api/calendars/${id}`, editor.token, { year: { ...year, status: 'provisional' }, basedOn: set.body.year }));
    expect(unpublish.problems.map((p) => p.code)).toEqual(['year_unpublished']);
    const local = await eventually(() => station.db.collections.calendars.findOne(id).exec(), (doc) => doc !== null, 30_000, 'the year on the station');
    expect(local?.holidays).toEqual([monday]);
    expect((await changes())[0]).toMatchObject({ action: 'calendar_year_set', target: { kind: 'calendarYear', id }, before: null, outcome: 'applied' });
  });

  describe('units and accounts', () => {
    let issued: AccountIssued;

    it('an administrator adds a community station under a street, and an account for its worker, who signs in', async () => {
      const unit: Unit = { id: NEW_STATION, name: { zh: '滨湖测试社区服务站', en: 'Binhu test community station' }, tier: 'community', parentId: STREET, calendarId: 'cn-mainland', address: '滨湖路 1 号' };
      const wrong = refusal(await calls.post('/api/units', admin.token, { unit: { ...unit, parentId: CITY, calendarId: 'nowhere' } }));
      expect(wrong.problems.map((p) => `${p.field}:${p.code}`).sort()).toEqual(['calendarId:calendar_unknown', 'parentId:station_under_street']);
      const added = await calls.post<{ unit: Unit }>('/api/units', admin.token, { unit });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
      await eventually(() => station.db.collections.units.findOne(NEW_STATION).exec(), (doc) => doc !== null, 30_000, 'the new unit on the station');
      expect((await network.app.gateway.network.current()).tree.get(NEW_STATION)?.parentId).toBe(STREET);

      const wrongRole = refusal(await calls.post('/api/accounts', admin.token, { username: 'binhu-worker', unitId: NEW_STATION, role: 'street_clerk', workerName: '陈静' }));
      expect(wrongRole.problems.map((p) => p.code)).toEqual(['role_not_at_tier']);
      const created = await calls.post<AccountIssued>('/api/accounts', admin.token, { username: 'binhu-worker', unitId: NEW_STATION, role: 'community_worker', workerName: '陈静' });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      issued = created.body;
      expect(issued.account).toEqual({ username: 'binhu-worker', unitId: NEW_STATION, tier: 'community', role: 'community_worker', workerName: '陈静', disabled: false });
      const login = await calls.post<{ token: string; workerName: string }>('/api/auth/login', null, { username: 'binhu-worker', password: issued.password });
      expect(login.status).toBe(200);
      expect(login.body.workerName).toBe('陈静');
      expect((await calls.get(`/sync/${NEW_STATION}/catalog/_changes?since=0`, login.body.token)).status).toBe(200);
      const taken = refusal(await calls.post('/api/accounts', admin.token, { username: 'binhu-worker', unitId: NEW_STATION, role: 'community_worker', workerName: '陈静' }));
      expect(taken.problems.map((p) => p.code)).toEqual(['username_taken']);

      const listed = await calls.get<AccountList>('/api/accounts', admin.token);
      expect(listed.status).toBe(200);
      expect(listed.body.accounts.find((a) => a.username === 'binhu-worker')).toEqual(issued.account);
      expect(JSON.stringify(listed.body), 'no password hash leaves the hub').not.toMatch(/scrypt|"hash"|"salt"/);
      expect(JSON.stringify(await changes()), 'no password is ever recorded').not.toContain(issued.password);
    });

    it('a password reset ends every session of the account (a lost device) and gives a new password, shown once', async () => {
      const oldLogin = await calls.post<{ token: string }>('/api/auth/login', null, { username: 'binhu-worker', password: issued.password });
      const reset = await calls.post<AccountIssued>('/api/accounts/binhu-worker/password', admin.token, {});
      expect(reset.status).toBe(200);
      expect(reset.body.password).not.toBe(issued.password);
      const lost = await calls.get<ErrorAnswer>(`/sync/${NEW_STATION}/catalog/_changes?since=0`, oldLogin.body.token);
      expect(lost.status).toBe(401);
      expect(lost.body.code).toBe('ERR_TOKEN_REVOKED');
      expect((await calls.post('/api/auth/login', null, { username: 'binhu-worker', password: issued.password })).status).toBe(401);
      expect((await calls.post('/api/auth/login', null, { username: 'binhu-worker', password: reset.body.password })).status).toBe(200);
      issued = reset.body;
      const own = refusal(await calls.post('/api/accounts/admin/disabled', admin.token, { disabled: true }));
      expect(own.problems.map((p) => p.code)).toEqual(['own_account']);
      expect((await calls.post<ErrorAnswer>('/api/accounts/nobody-here/password', admin.token, {})).status).toBe(404);
    });

    it('a unit closes only when nothing waits on it; closing disables its accounts and every unit learns it', async () => {
      const worker = await calls.post<{ token: string }>('/api/auth/login', null, { username: 'binhu-worker', password: issued.password });
      const token = worker.body.token;
      const by = { unitId: NEW_STATION, workerId: 'binhu-worker' };
      const accepted = rawNewCase(demoItem('HF-MZ-0001'), by);
      const row: BulkAnswerRow = await calls.bulkOne(token, NEW_STATION, 'cases', toWire(accepted));
      expect(row.ok, JSON.stringify(row)).toBe(true);
      const beat = { ...rawHeartbeat(NEW_STATION, 'binhu-tablet'), pendingOutbound: 2 };
      expect((await calls.bulkOne(token, NEW_STATION, 'heartbeats', beat)).ok).toBe(true);
      // The gateway writes heartbeats in batches: this one is on the hub once its batch is.
      await network.app.gateway.heartbeatBatches.flush();

      const standing = await calls.get<UnitOpenWorkAnswer>(`/api/units/${NEW_STATION}/open-work`, admin.token);
      expect(standing.status).toBe(200);
      expect(standing.body.openWork).toEqual({ held: 1, accepted: 0, rectifications: 0, supervisions: 0, repliesOwed: 0 });
      expect(standing.body.devices).toEqual([expect.objectContaining({ deviceId: 'dev-binhu-tablet', pendingOutbound: 2 })]);

      const before = await hubSnapshot(network.hubPort, HELD);
      const blocked = refusal(await calls.post(`/api/units/${NEW_STATION}/closure`, admin.token, { note: '' }));
      expect(blocked.problems.map((p) => `${p.field}:${p.code}`).sort()).toEqual(['abandonUnsynced:unsynced_devices', 'note:required', 'unitId:holds_cases'].sort());
      expect(blocked.problems.find((p) => p.code === 'holds_cases')?.en).toContain('1 cases');
      const street = refusal(await calls.post(`/api/units/${STREET}/closure`, admin.token, { note: '撤并' }));
      expect(street.problems.map((p) => p.code)).toContain('open_children');
      expect(refusal(await calls.post(`/api/units/${CITY}/closure`, admin.token, { note: '撤并' })).problems.map((p) => p.code)).toEqual(['city_not_closable']);
      expect(await hubSnapshot(network.hubPort, HELD), 'refused closures changed the hub').toEqual(before);

      // The citizen withdraws the case at the station; the tablet's backlog is given up knowingly.
      const withdraw = rawEvent('withdraw', { note: '群众申请撤回' }, by, accepted.lastHlc);
      expect((await calls.bulkOne(token, NEW_STATION, 'cases', toWire(withEvent(accepted, withdraw)))).ok).toBe(true);
      const closed = await calls.post<UnitClosedAnswer>(`/api/units/${NEW_STATION}/closure`, admin.token, { note: '与星花村社区合并', abandonUnsynced: true });
      expect(closed.status, JSON.stringify(closed.body)).toBe(200);
      expect(closed.body.disabledAccounts).toEqual(['binhu-worker']);
      expect(closed.body.unit.closed).toEqual({ at: expect.any(Number), note: '与星花村社区合并' });

      const after = await calls.get<ErrorAnswer>(`/sync/${NEW_STATION}/catalog/_changes?since=0`, token);
      expect(after.status).toBe(403);
      expect(after.body.code).toBe('ERR_ACCOUNT_DISABLED');
      expect((await calls.post('/api/auth/login', null, { username: 'binhu-worker', password: issued.password })).status).toBe(401);
      const enable = refusal(await calls.post('/api/accounts/binhu-worker/disabled', admin.token, { disabled: false }));
      expect(enable.problems.map((p) => p.code)).toEqual(['unit_closed']);
      const more = refusal(await calls.post('/api/accounts', admin.token, { username: 'binhu-two', unitId: NEW_STATION, role: 'community_worker', workerName: '王五' }));
      expect(more.problems.map((p) => p.code)).toEqual(['unit_closed']);
      expect(refusal(await calls.post(`/api/units/${NEW_STATION}/closure`, admin.token, { note: '再次' })).problems.map((p) => p.code)).toEqual(['unit_closed_already']);
      await eventually(() => station.db.collections.units.findOne(NEW_STATION).exec(), (doc) => doc?.closed !== undefined, 30_000, 'the closure on the station');

      const [record] = await changes();
      expect(record).toMatchObject({ action: 'unit_closed', target: { kind: 'unit', id: NEW_STATION }, by: { username: 'admin', role: 'admin' }, outcome: 'applied' });
      expect(record?.note).toBe('与星花村社区合并');
      expect(record?.effects).toEqual({ accountsDisabled: ['binhu-worker'], unsyncedChangesGivenUp: 2 });
    });
  });

  it('the record of changes is read newest first, in pages, by the catalog editor and the administrator only', async () => {
    const all = await changes();
    // The closing disabled the station's account as part of itself: one change, its record names the account.
    expect(all.map((r) => r.action)).toEqual(['unit_closed', 'account_password_reset', 'account_created', 'unit_added', 'calendar_year_set', 'item_changed', 'item_added']);
    expect(all.every((r) => r.outcome === 'applied')).toBe(true);
    const ids = all.map((r) => r.id);
    expect([...ids].sort().reverse()).toEqual(ids);
    const first = await calls.get<ChangeList>('/api/changes?limit=3', editor.token);
    expect(first.body.records.map((r) => r.id)).toEqual(ids.slice(0, 3));
    const second = await calls.get<ChangeList>(`/api/changes?limit=3&before=${first.body.next ?? ''}`, editor.token);
    expect(second.body.records.map((r) => r.id)).toEqual(ids.slice(3, 6));
    const last = await calls.get<ChangeList>(`/api/changes?limit=3&before=${second.body.next ?? ''}`, editor.token);
    expect(last.body.records.map((r) => r.id)).toEqual(ids.slice(6));
    expect(last.body.next).toBeNull();
    // The record never leaves the hub by sync.
    const station = sessions.get(COMMUNITY);
    expect((await calls.get<ErrorAnswer>(`/sync/${COMMUNITY}/audit/_changes?since=0`, station?.token ?? '')).status).toBe(404);
  });
});
