import type { NetworkCaseList, NetworkCasePage, NetworkListOrder } from '../../schemas/api/network-case-page.schema.ts';
import { validators } from '../../schemas/validators.ts';
import { GatewayError } from '../errors.ts';
import { storedAs } from '../hub/hub-doc.ts';
import type { HubPort } from '../hub/hub-port.ts';

const DDOC = 'search';
const VIEW = 'network_lists';

/**
 * The city's lists of the whole network (cases under way, rectifications open), from the hub's
 * `search/network_lists` view a page at a time: the city's device copies only the cases its unit
 * works on, and reads these. Each key ends with the case id, so a page resumes exactly after the
 * last row it read, and a cursor is the last key itself, checked to lie in the list asked for.
 */
export class NetworkCaseLists {
  constructor(private readonly hub: HubPort) {}

  async page(list: NetworkCaseList, order: NetworkListOrder, cursorText: string | undefined, limit: number): Promise<NetworkCasePage> {
    const cursor = cursorText === undefined || cursorText === '' ? null : readCursor(cursorText, list, order);
    const db = this.hub.database('cases');
    const [rows, totals] = await Promise.all([
      db.viewRows(DDOC, VIEW, {
        startkey: cursor ?? [list, order],
        ...(cursor === null ? {} : { skip: 1 }),
        endkey: [list, order, {}],
        mapRowsOfReducedView: true,
        includeDocs: true,
        limit: limit + 1,
      }),
      db.viewRows(DDOC, VIEW, { startkey: [list, order], endkey: [list, order, {}], group: 2, limit: 1 }),
    ]);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const next = rows.length > limit && last !== undefined ? writeCursor(last.key) : null;
    const total = totals[0]?.value;
    return { cases: page.flatMap((row) => storedAs(row.doc ?? null, validators.case)), total: typeof total === 'number' ? total : 0, next };
  }
}

function writeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The last key a page read, if it is a key of this list and order; else the page is another list's. */
function readCursor(text: string, list: NetworkCaseList, order: NetworkListOrder): unknown[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new GatewayError('ERR_LIST_CURSOR', 'unreadable cursor');
  }
  const sortKeyFits = (value: unknown): boolean => (order === 'recent' ? typeof value === 'string' && value.length <= 40 : typeof value === 'number' && Number.isInteger(value));
  if (!Array.isArray(key) || key.length !== 4 || key[0] !== list || key[1] !== order || !sortKeyFits(key[2]) || typeof key[3] !== 'string' || key[3].length > 100) {
    throw new GatewayError('ERR_LIST_CURSOR', `a cursor outside ${list}/${order}`);
  }
  return key;
}
