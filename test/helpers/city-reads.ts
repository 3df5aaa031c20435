import type { NetworkCaseList, NetworkCasePage, NetworkListOrder } from '../../schemas/api/network-case-page.schema.ts';
import type { CaseDoc } from '../../schemas/types.ts';

/**
 * What the city console reads from the server rather than from its device (it copies only the
 * cases its unit works on): a page of a network list, and one case by its number.
 */
export async function networkListPage(gatewayUrl: string, token: string, list: NetworkCaseList, opts: { order?: NetworkListOrder; cursor?: string; limit?: number } = {}): Promise<NetworkCasePage> {
  const query = new URLSearchParams({ list, order: opts.order ?? 'recent', limit: String(opts.limit ?? 50) });
  if (opts.cursor !== undefined) query.set('cursor', opts.cursor);
  const answer = await fetch(`${gatewayUrl}/api/supervision/lists?${query.toString()}`, { headers: { authorization: `Bearer ${token}` } });
  if (!answer.ok) throw new Error(`network list ${list}: HTTP ${answer.status} ${await answer.text()}`);
  return (await answer.json()) as NetworkCasePage;
}

/** Every case of a network list, page after page. */
export async function wholeNetworkList(gatewayUrl: string, token: string, list: NetworkCaseList, order: NetworkListOrder = 'recent'): Promise<CaseDoc[]> {
  const cases: CaseDoc[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await networkListPage(gatewayUrl, token, list, { order, limit: 200, ...(cursor === undefined ? {} : { cursor }) });
    cases.push(...page.cases);
    if (page.next === null) return cases;
    cursor = page.next;
  }
}

/** The case bound to a number, as the hub holds it now, or null. */
export async function networkCase(gatewayUrl: string, token: string, caseNumber: string): Promise<CaseDoc | null> {
  const answer = await fetch(`${gatewayUrl}/api/supervision/cases?number=${encodeURIComponent(caseNumber)}`, { headers: { authorization: `Bearer ${token}` } });
  if (!answer.ok) throw new Error(`case ${caseNumber}: HTTP ${answer.status}`);
  const { cases } = (await answer.json()) as { cases: CaseDoc[] };
  return cases[0] ?? null;
}
