import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DEMO_UNITS } from '../../ops/seed/demo-units.ts';
import { CASE_STATUSES } from '../../schemas/json/case.schema.ts';
import { copiesAllItSees, unitsWorkingOn } from '../../schemas/rules/case-copies.ts';
import { CASE_STATUS_GROUPS } from '../../schemas/rules/case-status.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import { randomCaseHistories, seededRandom } from '../helpers/random-histories.ts';

const local = (iso: string): number => Date.parse(`${iso}+08:00`);
const CITY = 'hefei-center';

/** A view's map function from its file, run as the hubs run it: the keys it emits for a document. */
function keysOfView(path: string): (doc: unknown) => unknown[] {
  const source = readFileSync(new URL(`../../ops/couchdb/ddocs/cases/${path}`, import.meta.url), 'utf8');
  let keys: unknown[] = [];
  const map = runInNewContext(`(${source})`, { emit: (key: unknown) => keys.push(key) }) as (doc: unknown) => void;
  return (doc) => {
    keys = [];
    map(JSON.parse(JSON.stringify(doc)));
    return keys;
  };
}

/** `liandong/by_worked_unit`: the unit of each key it emits for a document. */
function workedUnitsOfView(): (doc: unknown) => string[] {
  const keysOf = keysOfView('liandong/views/by_worked_unit/map.js');
  return (doc) => keysOf(doc).map((key) => {
    if (!Array.isArray(key) || key.length !== 2 || typeof key[0] !== 'string') throw new Error(`unexpected key ${JSON.stringify(key)}`);
    return key[0];
  });
}

describe('what a device copies', () => {
  const docs: CaseDoc[] = randomCaseHistories({ units: DEMO_UNITS, count: 400, fromMs: local('2025-06-01T00:00:00'), toMs: local('2026-06-01T00:00:00'), nowMs: local('2026-09-01T00:00:00'), random: seededRandom(11) });

  it('only the city reads rather than copies', () => {
    expect(copiesAllItSees('community')).toBe(true);
    expect(copiesAllItSees('street')).toBe(true);
    expect(copiesAllItSees('city')).toBe(false);
  });

  it('the hub\'s view emits exactly the units the rule names, once each', () => {
    const viewUnits = workedUnitsOfView();
    for (const doc of docs) {
      const emitted = viewUnits({ ...doc, _id: doc.id });
      expect(emitted.length, doc.id).toBe(new Set(emitted).size);
      expect([...emitted].sort(), doc.id).toEqual(unitsWorkingOn(doc));
    }
    for (const odd of [{}, { events: 'x' }, { holderUnitId: 7, events: [null, 3, { unitId: '' }, { unitId: 'a', data: { toUnitId: 'b' } }] }]) {
      expect([...viewUnits({ _id: 'odd', ...odd })].sort()).toEqual(unitsWorkingOn(odd));
    }
  });

  it('the units working on a case: its holder, where steps sent it, who took a step; all of them may see it', () => {
    for (const doc of docs) {
      const working = unitsWorkingOn(doc);
      expect(working).toContain(doc.holderUnitId);
      for (const event of doc.events) expect(working).toContain(event.unitId);
      for (const unit of working) expect(doc.visibleTo, `${doc.id} ${unit}`).toContain(unit);
    }
  });

  it('the city works on some cases and not on others: it sees them all', () => {
    const cityWorks = docs.filter((doc) => unitsWorkingOn(doc).includes(CITY));
    expect(cityWorks.length).toBeGreaterThan(0);
    expect(cityWorks.length).toBeLessThan(docs.length / 2);
    for (const doc of docs) expect(doc.visibleTo).toContain(CITY);
    // A case the city took a step on stays copied whatever happens to it next.
    for (const doc of cityWorks) expect(unitsWorkingOn({ ...doc, holderUnitId: 'elsewhere' }), doc.id).toContain(CITY);
  });

  it('the network lists\' view takes the statuses under way from the rules, and open rectifications', () => {
    const keysOf = keysOfView('search/views/network_lists/map.js');
    const sample = docs[0];
    if (sample === undefined) throw new Error('no sample case');
    const underWay: readonly string[] = CASE_STATUS_GROUPS.underWay;
    for (const status of CASE_STATUSES) {
      for (const rectificationBy of ['', 'community-xinghuacun']) {
        const keys = keysOf({ ...sample, _id: sample.id, status, rectificationBy });
        const lists = keys.map((key) => (Array.isArray(key) ? `${String(key[0])}/${String(key[1])}` : 'odd'));
        const want = [...(underWay.includes(status) ? ['underWay/recent', 'underWay/urgency'] : []), ...(rectificationBy === '' ? [] : ['rectifying/recent', 'rectifying/urgency'])];
        expect(lists.sort(), `${status} ${rectificationBy}`).toEqual(want.sort());
      }
    }
    expect(keysOf({ _id: 'odd', status: 7 })).toEqual([]);
  });
});
