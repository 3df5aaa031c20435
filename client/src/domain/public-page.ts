import type { PublicCaseAnswer } from '../../../schemas/api/public-case.schema.ts';

/** The citizen's own page lives at `/public` in the same app: no sign-in, no local database. */
export function isPublicPagePath(pathname: string): boolean {
  return pathname === '/public' || pathname === '/public/' || pathname.startsWith('/public/');
}

/**
 * A number and code carried in the page's fragment (`/public#n=LD…&code=123456`, as a printed
 * receipt's link or QR code may give them): a fragment never reaches a server or its logs.
 */
export function lookupFromFragment(hash: string): { readonly number: string; readonly code: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return { number: (params.get('n') ?? '').trim(), code: (params.get('code') ?? '').trim() };
}

export type PublicStepEntry = PublicCaseAnswer['timeline'][number];

/** The timeline as runs of steps by one unit: the case moving between units reads at a glance. */
export function stepsByUnit(timeline: readonly PublicStepEntry[]): { readonly unit: PublicStepEntry['unit']; readonly steps: readonly PublicStepEntry[] }[] {
  const runs: { unit: PublicStepEntry['unit']; steps: PublicStepEntry[] }[] = [];
  for (const step of timeline) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.unit.zh === step.unit.zh && last.unit.en === step.unit.en) last.steps.push(step);
    else runs.push({ unit: step.unit, steps: [step] });
  }
  return runs;
}
