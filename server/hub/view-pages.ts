import type { HubRow, HubRowsQuery, HubViews } from './hub-port.ts';

/** A view range to read in pages: everything of `HubRowsQuery` but where a page starts and ends. */
export type ViewRange = Omit<HubRowsQuery, 'limit' | 'skip'>;

function sameKey(a: HubRow, b: HubRow): boolean {
  return JSON.stringify(a.key) === JSON.stringify(b.key);
}

/**
 * Every row of a view range, one page (`pageSize` rows, one hub read) at a time, so a caller that
 * adds rows up holds a page, never the range. A page resumes at the last row's key and passes over
 * the rows of that key already read: many rows may share a key (cases concluded in the same
 * millisecond), and the embedded hub ignores `startkey_docid`; rows of one key come in document id
 * order on both hubs.
 */
export async function* viewRowPages(db: Pick<HubViews, 'viewRows'>, ddoc: string, view: string, range: ViewRange, pageSize: number): AsyncGenerator<readonly HubRow[]> {
  let resume: { row: HubRow; skip: number } | null = null;
  for (;;) {
    const query: HubRowsQuery = resume === null
      ? { ...range, limit: pageSize }
      // A one-key range (`key`) has no start to move: its rows are passed over by count alone.
      : { ...range, ...(range.key === undefined ? { startkey: resume.row.key } : {}), skip: resume.skip, limit: pageSize };
    const page = await db.viewRows(ddoc, view, query);
    if (page.length > 0) yield page;
    const last = page[page.length - 1];
    if (page.length < pageSize || last === undefined) return;
    let same = 0;
    for (let i = page.length - 1; i >= 0; i -= 1) {
      const row = page[i];
      if (row === undefined || !sameKey(row, last)) break;
      same += 1;
    }
    // A page all of one key continues the previous run of it.
    const carried: number = resume !== null && same === page.length && sameKey(resume.row, last) ? resume.skip : 0;
    resume = { row: last, skip: same + carried };
  }
}
