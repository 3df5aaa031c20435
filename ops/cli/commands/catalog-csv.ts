import { parse } from 'csv-parse/sync';
import { describeProblems } from '../../../schemas/api/schema-problems.ts';
import { asCouchDoc } from '../../../schemas/couch-doc.ts';
import { canonicalJson } from '../../../schemas/rules/merge.ts';
import type { ServiceItem, Tier } from '../../../schemas/types.ts';
import { validators } from '../../../schemas/validators.ts';
import { storedAs } from '../../../server/hub/hub-doc.ts';
import type { HubPort } from '../../../server/hub/hub-port.ts';
import { withSearchTerms, type ServiceItemDraft } from '../../../server/services/item-search-terms.ts';
import type { ChangeLog } from '../change-log.ts';
import { OpsError } from '../ops-error.ts';

/**
 * The catalog as a spreadsheet: one row per service item, in these columns. Lists are separated
 * by `;`; a material is `id|中文名|English name|originals|copies`. Pinyin initials are computed,
 * never typed.
 */
export const CATALOG_COLUMNS = [
  'code', 'name_zh', 'name_en', 'category_zh', 'category_en', 'decision_tier', 'accept_tiers', 'kind',
  'legal_days', 'promised_days', 'fee_yuan', 'guide_zh', 'guide_en', 'modes', 'materials', 'keywords',
] as const;

type Column = (typeof CATALOG_COLUMNS)[number];
type Row = Readonly<Record<Column, string>>;

export interface CatalogImport {
  readonly added: readonly string[];
  readonly updated: readonly string[];
  readonly unchanged: number;
}

const list = (text: string): string[] => text.split(';').map((part) => part.trim()).filter((part) => part !== '');

function integer(text: string, column: Column, problems: string[]): number {
  const n = Number(text);
  if (text === '' || !Number.isInteger(n)) problems.push(`${column} must be a whole number, got "${text}"`);
  return n;
}

/** One row as an item, or the reasons it is not one. */
function itemOf(row: Row): { item: ServiceItem | null; problems: string[] } {
  const problems: string[] = [];
  const materials = list(row.materials).map((entry) => {
    const [id = '', zh = '', en = '', originals = '', copies = ''] = entry.split('|').map((part) => part.trim());
    if (entry.split('|').length !== 5) problems.push(`material "${entry}" must be id|中文名|English name|originals|copies`);
    return { id, name: { zh, en }, originals: integer(originals, 'materials', problems), copies: integer(copies, 'materials', problems) };
  });
  const fee = Number(row.fee_yuan === '' ? '0' : row.fee_yuan);
  if (!Number.isFinite(fee)) problems.push(`fee_yuan must be a number, got "${row.fee_yuan}"`);
  const draft = {
    code: row.code,
    name: { zh: row.name_zh, en: row.name_en },
    category: { zh: row.category_zh, en: row.category_en },
    decisionTier: row.decision_tier as Tier,
    acceptTiers: list(row.accept_tiers) as Tier[],
    kind: row.kind as ServiceItem['kind'],
    legalDays: integer(row.legal_days, 'legal_days', problems),
    promisedDays: integer(row.promised_days, 'promised_days', problems),
    feeYuan: fee,
    guide: { zh: row.guide_zh, en: row.guide_en },
    modes: list(row.modes) as ServiceItem['modes'],
    materials,
    keywords: list(row.keywords),
  } satisfies ServiceItemDraft;
  if (problems.length > 0) return { item: null, problems };
  const item = withSearchTerms(draft);
  if (!validators.serviceItem(item)) return { item: null, problems: [describeProblems(validators.serviceItem.errors)] };
  return { item, problems };
}

/** Reads a catalog CSV; any bad row stops the whole import, with every row's problems listed. */
export function parseCatalogCsv(text: string): ServiceItem[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  } catch (err) {
    throw new OpsError(`The file is not valid CSV: ${err instanceof Error ? err.message : String(err)}`, `文件不是有效的 CSV：${err instanceof Error ? err.message : String(err)}`);
  }
  const header = Object.keys(rows[0] ?? {});
  const missing = CATALOG_COLUMNS.filter((c) => !header.includes(c));
  if (rows.length === 0) throw new OpsError('The file holds no items: the first line names the columns, each further line is one item.', '文件中没有事项：第一行为列名，其后每行一个事项。');
  if (missing.length > 0) throw new OpsError(`Columns missing: ${missing.join(', ')}. The first line must name: ${CATALOG_COLUMNS.join(',')}.`, `缺少列：${missing.join('、')}。第一行须为：${CATALOG_COLUMNS.join(',')}。`);
  const items: ServiceItem[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  rows.forEach((raw, index) => {
    // Line numbers as a spreadsheet shows them: the header is line 1.
    const line = index + 2;
    const row = Object.fromEntries(CATALOG_COLUMNS.map((c) => [c, raw[c] ?? ''])) as Row;
    if (seen.has(row.code)) problems.push(`line ${line}: code ${row.code} appears twice`);
    seen.add(row.code);
    const { item, problems: rowProblems } = itemOf(row);
    for (const p of rowProblems) problems.push(`line ${line} (${row.code || 'no code'}): ${p}`);
    if (item !== null) items.push(item);
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 20).join('\n  ');
    const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : '';
    throw new OpsError(`Nothing was imported; fix these rows:\n  ${shown}${more}`, `未导入任何事项，请先修正以下各行：\n  ${shown}${more}`);
  }
  return items;
}

/** Adds new items and updates changed ones (by code); items not in the file stay as they are. */
export async function importCatalog(hub: HubPort, log: ChangeLog, items: readonly ServiceItem[], dryRun: boolean): Promise<CatalogImport> {
  const db = hub.database('catalog');
  const stored = await db.fetchByIds(items.map((i) => i.code));
  const writes = [];
  const added: string[] = [];
  const updated: string[] = [];
  for (const item of items) {
    const current = stored.get(item.code);
    const fields = current === undefined ? undefined : storedAs(current, validators.serviceItem)[0];
    if (fields !== undefined && canonicalJson(fields) === canonicalJson(item)) continue;
    (current === undefined ? added : updated).push(item.code);
    writes.push(current?._rev === undefined ? asCouchDoc('catalog', item) : { ...asCouchDoc('catalog', item), _rev: current._rev });
  }
  if (!dryRun && writes.length > 0) {
    const failed = (await db.bulkWrite(writes)).filter((r) => r.error !== undefined);
    if (failed.length > 0) throw new OpsError(`The hub refused ${failed.map((f) => `${f.id} (${f.error ?? ''})`).join(', ')}; run the import again.`, `数据中心拒绝写入 ${failed.map((f) => f.id).join('、')}，请重新导入。`);
    await log.record({ event: 'catalog_imported', added, updated });
  }
  return { added, updated, unchanged: items.length - added.length - updated.length };
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The catalog as CSV in the columns the import reads, one item per line, by code. */
export async function exportCatalog(hub: HubPort): Promise<string> {
  const items = (await hub.database('catalog').allDocs()).flatMap((doc) => storedAs(doc, validators.serviceItem)).sort((a, b) => a.code.localeCompare(b.code));
  const lines = items.map((item) => {
    const row: Record<Column, string> = {
      code: item.code,
      name_zh: item.name.zh,
      name_en: item.name.en,
      category_zh: item.category.zh,
      category_en: item.category.en,
      decision_tier: item.decisionTier,
      accept_tiers: item.acceptTiers.join(';'),
      kind: item.kind,
      legal_days: String(item.legalDays),
      promised_days: String(item.promisedDays),
      fee_yuan: String(item.feeYuan),
      guide_zh: item.guide.zh,
      guide_en: item.guide.en,
      modes: item.modes.join(';'),
      materials: item.materials.map((m) => [m.id, m.name.zh, m.name.en, m.originals, m.copies].join('|')).join(';'),
      keywords: (item.keywords ?? []).map((k) => k.text).join(';'),
    };
    return CATALOG_COLUMNS.map((c) => csvField(row[c])).join(',');
  });
  return `${[CATALOG_COLUMNS.join(','), ...lines].join('\n')}\n`;
}
