import { claimStoredCaseNumbers } from '../couchdb/case-number-backfill.ts';
import { readFile, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { asCouchDoc } from '../../schemas/couch-doc.ts';
import { unitTreeOf } from '../../schemas/rules/unit-tree.ts';
import type { Role, Tier } from '../../schemas/types.ts';
import type { GatewayServices } from '../../server/gateway-services.ts';
import type { HubDatabasePort } from '../../server/hub/hub-port.ts';
import { generatePassword } from '../../server/services/passwords.ts';
import { demoAccountsFor } from './demo-accounts.ts';
import { buildDemoCases } from './demo-cases.ts';
import { DEMO_CATALOG } from './demo-catalog.ts';
import { DEMO_UNITS } from './demo-units.ts';

export interface DemoAccountFileEntry {
  username: string;
  password: string;
  unitId: string;
  tier: Tier;
  role: Role;
}

export interface DemoSeedResult {
  readonly accountsFile: string;
  readonly accounts: readonly DemoAccountFileEntry[];
  readonly written: { units: number; catalog: number; accounts: number; cases: number };
}

/**
 * Seeds the demo network once: units, catalog, one account per unit, sample cases. Runs at every
 * start and only adds what is missing, so it is idempotent; passwords are generated the first
 * time and kept in `DATA_DIR/demo-accounts.json` (mode 0600).
 */
export async function seedDemoNetwork(services: GatewayServices, dataDir: string, nowMs: number, casesPerCommunity = 5): Promise<DemoSeedResult> {
  const { databases } = services;
  const units = await addMissing(databases.units, DEMO_UNITS.map((u) => asCouchDoc('units', u)));
  const catalog = await addMissing(databases.catalog, DEMO_CATALOG.map((i) => asCouchDoc('catalog', i)));

  const accountsFile = join(dataDir, 'demo-accounts.json');
  const known = await readAccountsFile(accountsFile);
  const entries: DemoAccountFileEntry[] = [];
  let createdAccounts = 0;
  const demoAccounts = demoAccountsFor(DEMO_UNITS);
  for (const account of demoAccounts) {
    const password = known.get(account.username) ?? generatePassword();
    if ((await services.accounts.ensure({ ...account, password })) === 'created') createdAccounts += 1;
    entries.push({ username: account.username, password, unitId: account.unitId, tier: account.tier, role: account.role });
  }
  await writeFile(accountsFile, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600 });
  await chmod(accountsFile, 0o600);

  const cases = buildDemoCases({
    units: DEMO_UNITS,
    catalog: DEMO_CATALOG,
    accounts: demoAccounts,
    tree: unitTreeOf(DEMO_UNITS),
    catalogRules: new Map(DEMO_CATALOG.map((i) => [i.code, i])),
    nowMs,
    casesPerCommunity,
  });
  const casesWritten = await addMissing(databases.cases, cases.map((c) => asCouchDoc('cases', c)));
  // Seeded cases bypass the gateway's writes: bind their numbers as it would.
  await claimStoredCaseNumbers(services.hub);
  services.network.reload();
  return { accountsFile, accounts: entries, written: { units, catalog, accounts: createdAccounts, cases: casesWritten } };
}

async function addMissing(db: HubDatabasePort, docs: readonly { _id: string }[]): Promise<number> {
  const existing = await db.fetchByIds(docs.map((d) => d._id));
  const missing = docs.filter((d) => !existing.has(d._id));
  const results = await db.bulkWrite(missing);
  const failed = results.filter((r) => r.error !== undefined);
  if (failed.length > 0) throw new Error(`seeding ${db.name} failed for ${failed.map((f) => `${f.id}: ${f.error ?? ''}`).join(', ')}`);
  return missing.length;
}

async function readAccountsFile(file: string): Promise<Map<string, string>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (!Array.isArray(parsed)) return new Map();
    return new Map(parsed.flatMap((e: unknown) => {
      const entry = e as { username?: unknown; password?: unknown };
      return typeof entry.username === 'string' && typeof entry.password === 'string' ? [[entry.username, entry.password] as const] : [];
    }));
  } catch {
    return new Map();
  }
}

