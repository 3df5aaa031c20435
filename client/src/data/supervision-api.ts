import type { CaseDoc } from '../../../schemas/types.ts';
import { locale } from '../i18n/locale.ts';
import type { HolderStatusCount, NetworkOverview } from '../../../schemas/api/network-overview.ts';

export type { HolderStatusCount, NetworkOverview };

export class SupervisionCallError extends Error {
  constructor(
    readonly kind: 'offline' | 'refused',
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string, token: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  } catch (err) {
    throw new SupervisionCallError('offline', err instanceof Error ? err.message : String(err));
  }
  const body = (await response.json().catch(() => null)) as (T & { reason?: string; reason_zh?: string }) | null;
  if (!response.ok || body === null) {
    const words = locale() === 'en' ? body?.reason : body?.reason_zh;
    throw new SupervisionCallError(response.status >= 500 ? 'offline' : 'refused', words ?? `HTTP ${response.status}`);
  }
  return body;
}

/** Network-wide figures from the server (hub views): the city never replicates them all. */
export function fetchOverview(token: string): Promise<NetworkOverview> {
  return getJson<NetworkOverview>('/api/supervision/overview', token);
}

export async function searchCasesByNumber(token: string, caseNumber: string): Promise<CaseDoc[]> {
  const answer = await getJson<{ cases: CaseDoc[] }>(`/api/supervision/cases?number=${encodeURIComponent(caseNumber)}`, token);
  return answer.cases;
}
