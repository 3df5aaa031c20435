import type { ServiceItem } from '../types.ts';
import { duplicatesOf, problem, textProblem, type AdminProblem } from './admin-problems.ts';

/**
 * A service item as the catalog editor writes it: keywords as plain texts. Their pinyin initials,
 * and the name's, are computed where the item is stored (the gateway, with pinyin-pro), never on a
 * device.
 */
export type ItemDraft = Omit<ServiceItem, 'pinyinInitials' | 'keywords'> & { readonly keywords?: readonly string[] };

/** Adding a new item, or changing the stored one (`stored`: as the editor last saw it on the hub). */
export type ItemEdit = { readonly mode: 'add' } | { readonly mode: 'change'; readonly code: string };

const CODE = /^[A-Z0-9-]{1,40}$/;
const MATERIAL_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const MAX_TEXT = 2000;
const MAX_NAME = 200;
const MAX_KEYWORDS = 20;
const MAX_KEYWORD = 30;
const MAX_MATERIALS = 40;
const MAX_FEE_YUAN = 100_000;

function bilingualProblems(field: string, text: { readonly zh: string; readonly en: string }, max: number): AdminProblem[] {
  return [textProblem(`${field}.zh`, text.zh, max), textProblem(`${field}.en`, text.en, max)].filter((p) => p !== null);
}

function daysProblem(field: string, days: number): AdminProblem | null {
  return Number.isInteger(days) && days >= 0 && days <= 365 ? null : problem(field, 'days_range');
}

function countProblem(field: string, count: number): AdminProblem | null {
  return Number.isInteger(count) && count >= 0 && count <= 20 ? null : problem(field, 'count_range');
}

/** Yuan with at most two decimals: 12.5 and 0.01 are fees, 0.001 and -1 are not. */
function isFee(yuan: number): boolean {
  return Number.isFinite(yuan) && yuan >= 0 && yuan <= MAX_FEE_YUAN && Math.abs(Math.round(yuan * 100) - yuan * 100) < 1e-6;
}

/**
 * What is wrong with an item the catalog editor wants to store; empty when nothing is. `codes`
 * are the codes the catalog holds now. Everything the service item schema limits is checked here
 * too, so a draft without problems is a valid item once its search terms are added.
 */
export function itemDraftProblems(draft: ItemDraft, edit: ItemEdit, codes: ReadonlySet<string>): AdminProblem[] {
  const problems: AdminProblem[] = [];
  const add = (found: AdminProblem | null): void => {
    if (found !== null) problems.push(found);
  };

  if (!CODE.test(draft.code)) add(problem('code', 'item_code_form'));
  else if (edit.mode === 'add' && codes.has(draft.code)) add(problem('code', 'item_code_taken', { code: draft.code }));
  else if (edit.mode === 'change' && draft.code !== edit.code) add(problem('code', 'item_code_changed'));
  else if (edit.mode === 'change' && !codes.has(draft.code)) add(problem('code', 'item_missing', { code: draft.code }));

  problems.push(...bilingualProblems('name', draft.name, MAX_NAME), ...bilingualProblems('category', draft.category, MAX_NAME), ...bilingualProblems('guide', draft.guide, MAX_TEXT));

  const keywords = (draft.keywords ?? []).map((k) => k.trim()).filter((k) => k !== '');
  if (keywords.length > MAX_KEYWORDS) add(problem('keywords', 'too_many', { max: MAX_KEYWORDS }));
  for (const keyword of keywords) if (keyword.length > MAX_KEYWORD) add(problem('keywords', 'too_long', { max: MAX_KEYWORD }));

  if (draft.acceptTiers.length === 0) add(problem('acceptTiers', 'accept_tier_needed'));
  for (const tier of duplicatesOf(draft.acceptTiers)) add(problem('acceptTiers', 'duplicate', { value: tier }));
  for (const mode of duplicatesOf(draft.modes)) add(problem('modes', 'duplicate', { value: mode }));

  add(daysProblem('legalDays', draft.legalDays));
  add(daysProblem('promisedDays', draft.promisedDays));
  if (draft.promisedDays > draft.legalDays) add(problem('promisedDays', 'promised_over_legal', { promised: draft.promisedDays, legal: draft.legalDays }));
  if (draft.kind === 'instant' && draft.promisedDays !== 0) add(problem('promisedDays', 'instant_same_day'));
  if (draft.kind === 'commitment' && draft.promisedDays < 1) add(problem('promisedDays', 'commitment_needs_days'));
  if (!isFee(draft.feeYuan)) add(problem('feeYuan', 'fee_form'));

  if (draft.materials.length > MAX_MATERIALS) add(problem('materials', 'too_many', { max: MAX_MATERIALS }));
  draft.materials.forEach((material, index) => {
    const at = `materials.${index}`;
    if (!MATERIAL_ID.test(material.id)) add(problem(`${at}.id`, 'material_id_form'));
    problems.push(...bilingualProblems(`${at}.name`, material.name, MAX_NAME));
    add(countProblem(`${at}.originals`, material.originals));
    add(countProblem(`${at}.copies`, material.copies));
    if (material.originals === 0 && material.copies === 0) add(problem(at, 'material_nothing'));
  });
  for (const id of duplicatesOf(draft.materials.map((m) => m.id))) add(problem('materials', 'duplicate', { value: id }));
  return problems;
}

/**
 * A material id for a new material of an item, not yet used by it: `m-1`, `m-2`, ... Ids stay
 * fixed once given, since cases record which materials the citizen brought by id.
 */
export function newMaterialId(taken: readonly string[]): string {
  for (let n = 1; ; n += 1) {
    const id = `m-${n}`;
    if (!taken.includes(id)) return id;
  }
}

function trimmed(text: { readonly zh: string; readonly en: string }): { zh: string; en: string } {
  return { zh: text.zh.trim(), en: text.en.trim() };
}

/** The draft as it is stored: texts without outer spaces, keywords without blank or repeated ones. */
export function normalizedDraft(draft: ItemDraft): ItemDraft {
  return {
    ...draft,
    code: draft.code.trim(),
    name: trimmed(draft.name),
    category: trimmed(draft.category),
    guide: trimmed(draft.guide),
    keywords: [...new Set((draft.keywords ?? []).map((k) => k.trim()).filter((k) => k !== ''))],
    materials: draft.materials.map((m) => ({ ...m, id: m.id.trim(), name: trimmed(m.name) })),
  };
}

/** A stored item as the editor's form holds it: keywords as their texts, no initials. */
export function draftOfItem(item: ServiceItem): ItemDraft {
  return {
    code: item.code,
    name: item.name,
    keywords: (item.keywords ?? []).map((k) => k.text),
    category: item.category,
    decisionTier: item.decisionTier,
    acceptTiers: item.acceptTiers,
    materials: item.materials,
    legalDays: item.legalDays,
    promisedDays: item.promisedDays,
    kind: item.kind,
    feeYuan: item.feeYuan,
    guide: item.guide,
    modes: item.modes,
  };
}
