import type { ServiceItem } from '../../../schemas/types.ts';

type Text = ServiceItem['name'];

/**
 * Why an item matched a query, shown beside it when it was not by its name: the keyword, the
 * pinyin initials (and the text they stand for), the code, the material or the category that did.
 */
export type MatchReason =
  | { readonly kind: 'name' }
  | { readonly kind: 'code' }
  | { readonly kind: 'keyword'; readonly keyword: string }
  | { readonly kind: 'initials'; readonly initials: string; readonly of: string }
  | { readonly kind: 'material'; readonly material: Text }
  | { readonly kind: 'category' };

/** How well an item matched, best first; within a rank the closer match goes first (less of the matched term left over), then by code. */
export const MATCH_RANKS = ['codeExact', 'namePrefix', 'keywordExact', 'initialsPrefix', 'substring', 'material', 'category'] as const;
export type MatchRank = (typeof MATCH_RANKS)[number];

export interface CatalogMatch {
  readonly item: ServiceItem;
  readonly rank: MatchRank;
  readonly reason: MatchReason;
}

interface Candidate {
  readonly rank: MatchRank;
  readonly reason: MatchReason;
  /** Characters of the matched term beyond the query: within a rank, the closer match goes first (yb: 医保 before 医保卡). */
  readonly spare: number;
}

/** What a worker types, as compared: full-width forms folded (ＤＢ → db), lowercase, outer spaces trimmed. */
function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

/** The letters and digits of a query, as pinyin initials are stored: `d b s q` → `dbsq`. */
function initialsOf(query: string): string {
  return query.replace(/[^a-z0-9]/g, '');
}

const NAME: MatchReason = { kind: 'name' };
const CODE: MatchReason = { kind: 'code' };

function length(text: string): number {
  return [...text].length;
}

function candidate(rank: MatchRank, reason: MatchReason, term: string, q: string): Candidate {
  return { rank, reason, spare: Math.max(0, length(term) - length(q)) };
}

/**
 * The best way `item` matches the normalized query `q`, or null. In order: code exact > name
 * prefix > keyword exact > initials (of the name or a keyword) or code prefix > name or keyword
 * substring (or a keyword the query contains) > material name > category.
 */
function bestMatch(item: ServiceItem, q: string): Candidate | null {
  const code = item.code.toLowerCase();
  if (code === q) return candidate('codeExact', CODE, code, q);
  const names = [normalize(item.name.zh), normalize(item.name.en)];
  const prefixed = names.find((n) => n.startsWith(q));
  if (prefixed !== undefined) return candidate('namePrefix', NAME, prefixed, q);
  const keywords = (item.keywords ?? []).map((k) => ({ ...k, norm: normalize(k.text) }));
  const exact = keywords.find((k) => k.norm === q);
  if (exact !== undefined) return candidate('keywordExact', { kind: 'keyword', keyword: exact.text }, exact.norm, q);
  const typed = initialsOf(q);
  // Initials only for what a keyboard without an IME types: Latin letters, digits and spaces.
  if (typed !== '' && /^[a-z0-9\s]+$/.test(q)) {
    const initials = [{ initials: item.pinyinInitials ?? '', of: item.name.zh }, ...keywords.map((k) => ({ initials: k.initials, of: k.text }))]
      .filter((i) => i.initials.startsWith(typed))
      .sort((a, b) => a.initials.length - b.initials.length)[0];
    if (initials !== undefined) return candidate('initialsPrefix', { kind: 'initials', ...initials }, initials.initials, typed);
  }
  if (code.startsWith(q)) return candidate('initialsPrefix', CODE, code, q);
  const holding = names.find((n) => n.includes(q));
  if (holding !== undefined) return candidate('substring', NAME, holding, q);
  // A keyword holding the query (医保 in 医保卡), or the query holding a keyword (社保卡补办 holds 社保卡).
  const partial = keywords.find((k) => k.norm.includes(q)) ?? keywords.find((k) => length(k.norm) >= 2 && q.includes(k.norm));
  if (partial !== undefined) return candidate('substring', { kind: 'keyword', keyword: partial.text }, partial.norm, q);
  if (code.includes(q)) return candidate('substring', CODE, code, q);
  const material = item.materials.find((m) => normalize(m.name.zh).includes(q) || normalize(m.name.en).includes(q));
  if (material !== undefined) return { rank: 'material', reason: { kind: 'material', material: material.name }, spare: 0 };
  if (normalize(item.category.zh).includes(q) || normalize(item.category.en).includes(q)) return { rank: 'category', reason: { kind: 'category' }, spare: 0 };
  return null;
}

/**
 * Finds catalog items, offline, by what people type at the desk: the code, the name (Chinese or
 * English), keywords and common short names (低保, 社保卡), pinyin initials of the name or of a
 * keyword (for a keyboard without an IME), the materials an item asks for (身份证), or its category.
 * Best matches first (`MATCH_RANKS`); an empty query lists every item by code.
 */
export function searchCatalog(items: readonly ServiceItem[], query: string): CatalogMatch[] {
  const q = normalize(query);
  if (q === '') return [...items].sort(byCode).map((item) => ({ item, rank: 'namePrefix', reason: NAME }));
  const found: (Candidate & { readonly item: ServiceItem })[] = [];
  for (const item of items) {
    const match = bestMatch(item, q);
    if (match !== null) found.push({ item, ...match });
  }
  return found
    .sort((a, b) => MATCH_RANKS.indexOf(a.rank) - MATCH_RANKS.indexOf(b.rank) || a.spare - b.spare || byCode(a.item, b.item))
    .map(({ item, rank, reason }) => ({ item, rank, reason }));
}

function byCode(a: ServiceItem, b: ServiceItem): number {
  return a.code.localeCompare(b.code);
}
