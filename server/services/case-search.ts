import { createHash } from 'node:crypto';
import type { CaseSearchPage, CaseSummary } from '../../schemas/api/case-search-page.schema.ts';
import { dayNumberOfDate, localDayEndMs, localDayStartMs } from '../../schemas/rules/calendar.ts';
import { classifySearchText } from '../../schemas/rules/case-search.ts';
import { maskApplicant } from '../../schemas/rules/personal-data.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { GatewayError } from '../errors.ts';
import { storedAs } from '../hub/hub-doc.ts';
import type { HubPort } from '../hub/hub-port.ts';
import { caseIdOfNumber } from '../sync/case-number-claims.ts';

/** What the city searches by; all optional, and combined. */
export interface CaseSearchCriteria {
  /** A case number or a full ID number (exact). */
  readonly q?: string;
  readonly item?: string;
  readonly unit?: string;
  /** Accepted on or after this local day, 'YYYY-MM-DD'. */
  readonly from?: string;
  /** Accepted on or before this local day. */
  readonly to?: string;
}

const DDOC = 'search';
const VIEW = 'by_criteria';
/** The latest moment a key may carry: accepted-at is in ms. */
const END_OF_TIME = 8.64e15;

/** Where the next page starts: the last key read (unique: it ends with the case id), and the search it belongs to. */
interface Cursor {
  readonly key: unknown;
  readonly criteria: string;
}

/**
 * The city's case search, from the hub's `search/by_criteria` view: one key range per search
 * (ID number, item, unit, item and unit, or dates alone), newest accepted first, a page at a time;
 * a case number through its claim. Results carry the applicant masked.
 */
export class CaseSearchService {
  constructor(private readonly hub: HubPort) {}

  async search(criteria: CaseSearchCriteria, cursorText: string | undefined, limit: number): Promise<CaseSearchPage> {
    const text = classifySearchText(criteria.q ?? '');
    if (text.kind === 'unsupported') {
      throw new GatewayError(text.reason === 'name' ? 'ERR_SEARCH_BY_NAME' : text.reason === 'phone' ? 'ERR_SEARCH_BY_PHONE' : text.reason === 'partialId' ? 'ERR_SEARCH_PARTIAL_ID' : 'ERR_SEARCH_TEXT');
    }
    const fromMs = criteria.from === undefined || criteria.from === '' ? 0 : dayStart(criteria.from);
    const toMs = criteria.to === undefined || criteria.to === '' ? END_OF_TIME : dayEnd(criteria.to);
    if (fromMs > toMs) throw new GatewayError('ERR_SEARCH_DATES', `${criteria.from ?? ''} is after ${criteria.to ?? ''}`);
    const item = criteria.item ?? '';
    const unit = criteria.unit ?? '';
    const fits = (doc: CaseDoc): boolean => (item === '' || doc.itemCode === item) && (unit === '' || doc.figures.holds.some((h) => h.unitId === unit))
      && doc.figures.acceptedAt >= fromMs && doc.figures.acceptedAt <= toMs;

    if (text.kind === 'caseNumber') {
      const doc = await this.byNumber(text.value);
      return { results: doc !== null && fits(doc) ? [summaryOf(doc)] : [], next: null };
    }
    // The view's key: the one dimension that narrows most; an ID number's few cases are filtered here.
    const [dimension, a, b] = text.kind === 'idNumber' ? ['id', text.value, '']
      : item !== '' && unit !== '' ? ['item-unit', item, unit]
        : item !== '' ? ['item', item, ''] : unit !== '' ? ['unit', unit, ''] : ['all', '', ''];
    const fingerprint = criteriaFingerprint(criteria);
    const cursor = cursorText === undefined || cursorText === '' ? null : readCursor(cursorText, fingerprint);
    // A cursor resumes within this search's own key range, nowhere else.
    if (cursor !== null && !withinRange(cursor.key, [dimension, a, b], fromMs, toMs)) throw new GatewayError('ERR_SEARCH_CURSOR', 'a cursor outside this search');
    const rows = await this.hub.database('cases').viewRows(DDOC, VIEW, {
      descending: true,
      // Keys end with the case id, so each is one row's: a page resumes just after the last one read.
      startkey: cursor?.key ?? [dimension, a, b, toMs, {}],
      ...(cursor === null ? {} : { skip: 1 }),
      endkey: [dimension, a, b, fromMs],
      includeDocs: true,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const next = rows.length > limit && last !== undefined ? writeCursor({ key: last.key, criteria: fingerprint }) : null;
    const results = page.flatMap((row) => storedAs(row.doc ?? null, validators.case)).filter(fits).map(summaryOf);
    return { results, next };
  }

  /** The one case a number is bound to (a decoy carrying it is never found). */
  private async byNumber(caseNumber: string): Promise<CaseDoc | null> {
    const caseId = await caseIdOfNumber(this.hub.database('caseNumbers'), caseNumber);
    if (caseId === null) return null;
    return storedAs(await this.hub.database('cases').get(caseId), validators.case).find((doc) => doc.caseNumber === caseNumber) ?? null;
  }
}

function withinRange(key: unknown, prefix: readonly string[], fromMs: number, toMs: number): boolean {
  if (!Array.isArray(key) || key.length !== prefix.length + 2) return false;
  const at: unknown = key[prefix.length];
  return prefix.every((part, i) => key[i] === part) && typeof at === 'number' && at >= fromMs && at <= toMs && typeof key[prefix.length + 1] === 'string';
}

function dayStart(date: string): number {
  try {
    return localDayStartMs(dayNumberOfDate(date));
  } catch {
    throw new GatewayError('ERR_SEARCH_DATES', `from=${date.slice(0, 20)}`);
  }
}

function dayEnd(date: string): number {
  try {
    return localDayEndMs(dayNumberOfDate(date));
  } catch {
    throw new GatewayError('ERR_SEARCH_DATES', `to=${date.slice(0, 20)}`);
  }
}

function summaryOf(doc: CaseDoc): CaseSummary {
  const accept = doc.events.find((e) => e.type === 'accept');
  return {
    id: doc.id,
    caseNumber: doc.caseNumber,
    itemCode: doc.itemCode,
    status: doc.status,
    acceptedUnitId: doc.acceptedUnitId,
    holderUnitId: doc.holderUnitId,
    acceptedAt: new Date(doc.figures.acceptedAt).toISOString(),
    greenChannel: doc.greenChannel,
    applicant: maskApplicant(accept?.data.applicant ?? { name: '', idNumber: '', phone: '' }),
  };
}

/** A cursor is for the search it came from: its criteria, hashed, ride along. */
function criteriaFingerprint(criteria: CaseSearchCriteria): string {
  const canonical = JSON.stringify([criteria.q?.trim().toUpperCase() ?? '', criteria.item ?? '', criteria.unit ?? '', criteria.from ?? '', criteria.to ?? '']);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

function writeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.criteria])).toString('base64url');
}

function readCursor(text: string, fingerprint: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new GatewayError('ERR_SEARCH_CURSOR', 'unreadable cursor');
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || !Array.isArray(parsed[0]) || parsed[1] !== fingerprint) {
    throw new GatewayError('ERR_SEARCH_CURSOR', 'a cursor of another search');
  }
  return { key: parsed[0], criteria: fingerprint };
}
