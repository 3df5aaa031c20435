import { readFile } from 'node:fs/promises';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { demoAccountsFor } from '../../ops/seed/demo-accounts.ts';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { buildDemoCases } from '../../ops/seed/demo-cases.ts';
import { DEMO_UNITS } from '../../ops/seed/demo-units.ts';
import { CASE_STATUS_GROUPS } from '../../schemas/rules/case-status.ts';
import { unitTreeOf } from '../../schemas/rules/unit-tree.ts';
import { closedUnit, newUnitProblems, openWorkOf, unitClosureProblems, type NewUnit, type OpenWorkRow, type UnitOpenWork } from '../../schemas/rules/unit-edit.ts';
import type { CaseDoc, Unit } from '../../schemas/types.ts';

const CALENDARS = ['cn-mainland'];
const NOTHING: UnitOpenWork = { held: 0, accepted: 0, rectifications: 0, supervisions: 0, repliesOwed: 0 };
const STREET = 'street-sanxiaokou';
const COMMUNITY = 'community-xinghuacun';
const STATION: NewUnit = { id: 'community-new', name: { zh: '新社区服务站', en: 'New community station' }, tier: 'community', parentId: STREET, calendarId: 'cn-mainland' };

const codes = (unit: NewUnit, units: readonly Unit[] = DEMO_UNITS): string[] => newUnitProblems(unit, units, CALENDARS).map((p) => `${p.field}:${p.code}`);
const closing = (unitId: string, units: readonly Unit[] = DEMO_UNITS, work: UnitOpenWork = NOTHING, pending = 0, abandonUnsynced = false): string[] =>
  unitClosureProblems({ unitId, note: '撤并', abandonUnsynced }, units, work, pending === 0 ? [] : [{ deviceId: 'web-0123456789abcdef', pendingOutbound: pending }]).map((p) => p.code);

/** The demo network with `ids` closed. */
function withClosed(ids: readonly string[]): Unit[] {
  return DEMO_UNITS.map((u) => (ids.includes(u.id) ? closedUnit(u, '撤并', 1) : u));
}

describe('unit edit rules', () => {
  it('a station goes under a street hall, a hall under the city, nothing new under a closed unit', () => {
    expect(codes(STATION)).toEqual([]);
    expect(codes({ ...STATION, tier: 'street', parentId: 'hefei-center' })).toEqual([]);
    expect(codes({ ...STATION, parentId: 'hefei-center' })).toEqual(['parentId:station_under_street']);
    expect(codes({ ...STATION, parentId: 'nowhere' })).toEqual(['parentId:station_under_street']);
    expect(codes({ ...STATION, tier: 'street', parentId: STREET })).toEqual(['parentId:street_under_city']);
    expect(codes({ ...STATION, tier: 'city', parentId: null })).toEqual(['tier:city_exists']);
    expect(codes(STATION, withClosed([STREET]))).toEqual([`parentId:parent_closed`]);
  });

  it('an id of the right form not yet used, names filled in, a calendar the network has', () => {
    expect(codes({ ...STATION, id: COMMUNITY })).toEqual(['id:unit_id_taken']);
    expect(codes({ ...STATION, id: 'Community New' })).toEqual(['id:unit_id_form']);
    expect(codes({ ...STATION, name: { zh: '', en: 'x' } })).toEqual(['name.zh:required']);
    expect(codes({ ...STATION, calendarId: 'hk' })).toEqual(['calendarId:calendar_unknown']);
    expect(codes({ ...STATION, phone: '1'.repeat(33) })).toEqual(['phone:too_long']);
  });

  it('a unit closes only when nothing waits on it', () => {
    expect(closing(COMMUNITY)).toEqual([]);
    expect(closing('hefei-center')).toEqual(['city_not_closable']);
    expect(closing('nowhere')).toEqual(['unit_missing']);
    expect(closing(COMMUNITY, withClosed([COMMUNITY]))).toEqual(['unit_closed_already']);
    expect(closing(STREET)).toEqual(['open_children']);
    const streetChildren = DEMO_UNITS.filter((u) => u.parentId === STREET).map((u) => u.id);
    expect(closing(STREET, withClosed(streetChildren)), 'closed stations no longer hold their street open').toEqual([]);
    expect(closing(COMMUNITY, DEMO_UNITS, { held: 2, accepted: 1, rectifications: 1, supervisions: 1, repliesOwed: 1 })).toEqual(['holds_cases', 'accepted_cases', 'open_rectifications', 'open_supervisions', 'replies_owed']);
    expect(closing(COMMUNITY, DEMO_UNITS, NOTHING, 3)).toEqual(['unsynced_devices']);
    expect(closing(COMMUNITY, DEMO_UNITS, NOTHING, 3, true), 'given up knowingly').toEqual([]);
    expect(unitClosureProblems({ unitId: COMMUNITY, note: ' ', abandonUnsynced: false }, DEMO_UNITS, NOTHING, []).map((p) => p.code)).toEqual(['required']);
  });

  it('the hub\'s open_work view and openWorkOf count exactly what a unit still has to do (demo cases in every state)', async () => {
    const units = DEMO_UNITS;
    const cases = buildDemoCases({ units, catalog: DEMO_CATALOG, accounts: demoAccountsFor(units), tree: unitTreeOf(units), catalogRules: new Map(DEMO_CATALOG.map((i) => [i.code, i])), nowMs: Date.UTC(2026, 5, 15), casesPerCommunity: 12 });
    const source = await readFile(new URL('../../ops/couchdb/ddocs/cases/admin/views/open_work/map.js', import.meta.url), 'utf8');
    const grouped = new Map<string, number>();
    const map = runInNewContext(`(${source})`, { emit: (key: unknown[]) => grouped.set(JSON.stringify(key), (grouped.get(JSON.stringify(key)) ?? 0) + 1) }) as (doc: CaseDoc) => void;
    for (const doc of cases) map(structuredClone(doc));
    const rows: OpenWorkRow[] = [...grouped].map(([key, count]) => {
      const [unitId, relation, status] = JSON.parse(key) as [string, string, string];
      return { unitId, relation, status, count };
    });
    const unclosed: readonly string[] = CASE_STATUS_GROUPS.unclosed;
    const statuses = new Set(cases.map((c) => c.status));
    expect(statuses.size, 'the demo cases span closed and unclosed statuses').toBeGreaterThan(4);
    for (const unit of units) {
      const open = cases.filter((c) => unclosed.includes(c.status));
      expect(openWorkOf(unit.id, rows), unit.id).toEqual({
        held: open.filter((c) => c.holderUnitId === unit.id).length,
        accepted: open.filter((c) => c.acceptedUnitId === unit.id && c.holderUnitId !== unit.id).length,
        rectifications: cases.filter((c) => c.rectificationBy === unit.id).length,
        supervisions: cases.filter((c) => c.openSupervisionBy === unit.id).length,
        repliesOwed: cases.filter((c) => c.replyOwedBy === unit.id).length,
      });
    }
    expect(units.some((u) => openWorkOf(u.id, rows).accepted > 0), 'some station accepted a case held elsewhere').toBe(true);
  });
});
