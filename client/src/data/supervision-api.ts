import { answerValidators, schemaProblems } from '../../../schemas/api/answer-validators.ts';
import type { CaseSearchPage } from '../../../schemas/api/case-search-page.schema.ts';
import type { NetworkCaseList, NetworkCasePage, NetworkListOrder } from '../../../schemas/api/network-case-page.schema.ts';
import type { NetworkOverview } from '../../../schemas/api/network-overview.ts';
import type { CaseDoc } from '../../../schemas/types.ts';
import { t } from '../i18n/locale.ts';
import { serverRefusal } from './server-refusal.ts';

/** A failed call: not reached (or the server failed), refused, or an answer its schema rejects. */
export class SupervisionCallError extends Error {
  constructor(
    readonly kind: 'offline' | 'refused' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

/** A GET of the gateway's API with the token; the answer's JSON, not yet checked against its schema. */
export async function getJson(path: string, token: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  } catch (err) {
    throw new SupervisionCallError('offline', err instanceof Error ? err.message : String(err));
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok || body === null) {
    throw new SupervisionCallError(response.status >= 500 ? 'offline' : 'refused', serverRefusal(body)?.words ?? `HTTP ${response.status}`);
  }
  return body;
}

function invalid(problems: string): SupervisionCallError {
  return new SupervisionCallError('invalid', t('answer.invalid', { reason: problems }));
}

/** Network-wide figures from the server (hub views): the city never replicates them all. */
export async function fetchOverview(token: string): Promise<NetworkOverview> {
  const answer = await getJson('/api/supervision/overview', token);
  const validate = answerValidators.networkOverview();
  if (!validate(answer)) throw invalid(schemaProblems(validate));
  return answer;
}

export async function searchCasesByNumber(token: string, caseNumber: string): Promise<CaseDoc[]> {
  const answer = await getJson(`/api/supervision/cases?number=${encodeURIComponent(caseNumber)}`, token);
  const validate = answerValidators.caseSearch();
  if (!validate(answer)) throw invalid(schemaProblems(validate));
  return answer.cases;
}

/**
 * A page of one of the network's lists (`GET /api/supervision/lists`): the city's device copies
 * only its own work and reads these. The cases are checked by the case search's validator (the
 * same case schema, one generated validator in the bundle rather than two).
 */
export async function fetchNetworkCasePage(token: string, list: NetworkCaseList, order: NetworkListOrder, cursor: string | null, limit: number): Promise<NetworkCasePage> {
  const query = new URLSearchParams({ list, order, limit: String(limit) });
  if (cursor !== null) query.set('cursor', cursor);
  const answer = await getJson(`/api/supervision/lists?${query.toString()}`, token);
  const validate = answerValidators.caseSearch();
  if (!validate(answer)) throw invalid(schemaProblems(validate));
  const { total, next } = answer as { total?: unknown; next?: unknown };
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 0) throw invalid('/total must be a count');
  if (next !== null && typeof next !== 'string') throw invalid('/next must be a string or null');
  return { cases: answer.cases, total, next };
}

/** What the city searches its cases by (`GET /api/supervision/search`); empty fields are left out. */
export interface CaseSearchCriteria {
  readonly q: string;
  readonly item: string;
  readonly unit: string;
  readonly from: string;
  readonly to: string;
}

/** A page of the city's search, newest accepted first; `cursor` is the `next` of the page before. */
export async function searchCases(token: string, criteria: CaseSearchCriteria, cursor: string | null): Promise<CaseSearchPage> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(criteria)) if (typeof value === 'string' && value.trim() !== '') query.set(name, value.trim());
  if (cursor !== null) query.set('cursor', cursor);
  const answer = await getJson(`/api/supervision/search?${query.toString()}`, token);
  const validate = answerValidators.caseSearchPage();
  if (!validate(answer)) throw invalid(schemaProblems(validate));
  return answer;
}
