import type { CaseNumberClaim } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { storedAs } from '../hub/hub-doc.ts';
import type { HubDatabasePort } from '../hub/hub-port.ts';

/**
 * Binds each number to its case before the case is stored: the claim's document id is the number,
 * so the hub lets exactly one claim of a number exist, whichever gateway writes first. Returns the
 * ids of the cases whose number is already bound to another case. Claiming again for the same
 * case (a retried write) succeeds.
 */
export async function claimCaseNumbers(db: HubDatabasePort, claims: readonly CaseNumberClaim[]): Promise<ReadonlySet<string>> {
  const taken = new Set<string>();
  if (claims.length === 0) return taken;
  const results = await db.bulkWrite(claims.map((claim) => ({ ...claim, _id: claim.number })));
  const contested = claims.filter((_, i) => results[i]?.error !== undefined);
  if (contested.length === 0) return taken;
  const holders = await db.fetchByIds(contested.map((c) => c.number));
  for (const claim of contested) {
    const holder = storedAs(holders.get(claim.number) ?? null, validators.caseNumberClaim)[0];
    if (holder?.caseId !== claim.caseId) taken.add(claim.caseId);
  }
  return taken;
}

/** The case a number is bound to, or null. */
export async function caseIdOfNumber(db: HubDatabasePort, caseNumber: string): Promise<string | null> {
  return storedAs(await db.get(caseNumber), validators.caseNumberClaim)[0]?.caseId ?? null;
}
