import { answerValidators } from '../../../schemas/api/answer-validators.ts';
import type { NetworkOverview } from '../../../schemas/api/network-overview.ts';

const CACHE_KEY = 'liandong.overview';

/** The last network overview the server gave, checked against its schema again: anything else is no cache. */
export function loadCachedOverview(): NetworkOverview | null {
  let parsed: unknown;
  try {
    const raw = localStorage.getItem(CACHE_KEY);
    if (raw === null) return null;
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  const validate = answerValidators.networkOverview();
  return validate(parsed) ? parsed : null;
}

export function saveCachedOverview(overview: NetworkOverview): void {
  localStorage.setItem(CACHE_KEY, JSON.stringify(overview));
}

/** On sign-out: the figures belong to the signed-in city account. */
export function clearCachedOverview(): void {
  localStorage.removeItem(CACHE_KEY);
}
