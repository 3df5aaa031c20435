import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../server/errors.ts';
import type { HubDoc } from '../../server/hub/hub-doc.ts';
import type { HubWriteResult } from '../../server/hub/hub-port.ts';
import { withGroupCommit } from '../../server/sync/group-commit.ts';

/** A hub database that records each `_bulk_docs` it gets and answers as `answer` says. */
function fakeHub(answer: (docs: readonly HubDoc[]) => Promise<HubWriteResult[]> = async (docs) => docs.map((d) => ({ id: d._id, rev: '1-a' }))) {
  const requests: string[][] = [];
  return {
    requests,
    bulkWrite(docs: readonly HubDoc[]): Promise<HubWriteResult[]> {
      requests.push(docs.map((d) => d._id));
      return answer(docs);
    },
  };
}

const docs = (...ids: string[]): HubDoc[] => ids.map((_id) => ({ _id }));

describe('group commit of hub writes', () => {
  it('writes made together go as one request, and each caller gets its own results in its order', async () => {
    const hub = fakeHub();
    const db = withGroupCommit(hub, { maxWaitMs: 5, maxDocs: 500 });
    const answers = await Promise.all([db.bulkWrite(docs('a', 'b')), db.bulkWrite(docs('c')), db.bulkWrite(docs('d', 'e', 'f'))]);
    expect(hub.requests).toEqual([['a', 'b', 'c', 'd', 'e', 'f']]);
    expect(answers.map((rows) => rows.map((r) => r.id))).toEqual([['a', 'b'], ['c'], ['d', 'e', 'f']]);
  });

  it('never puts two writes of one document in a group: the second goes in the next one', async () => {
    const hub = fakeHub();
    const db = withGroupCommit(hub, { maxWaitMs: 5, maxDocs: 500 });
    await Promise.all([db.bulkWrite(docs('a', 'b')), db.bulkWrite(docs('c', 'a')), db.bulkWrite(docs('d'))]);
    expect(hub.requests).toEqual([['a', 'b'], ['c', 'a', 'd']]);
  });

  it('keeps a caller\'s own batch as it is, and sends a group when it reaches its size', async () => {
    const hub = fakeHub();
    const db = withGroupCommit(hub, { maxWaitMs: 1_000, maxDocs: 3 });
    const started = Date.now();
    await Promise.all([db.bulkWrite(docs('a', 'a')), db.bulkWrite(docs('b')), db.bulkWrite(docs('c', 'd', 'e', 'f'))]);
    expect(hub.requests).toEqual([['a', 'a', 'b'], ['c', 'd', 'e', 'f']]);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('a hub outage fails every caller of the group with the same error', async () => {
    const outage = new GatewayError('ERR_HUB_UNAVAILABLE', 'connection refused');
    const db = withGroupCommit(fakeHub(() => Promise.reject(outage)), { maxWaitMs: 5, maxDocs: 500 });
    const settled = await Promise.allSettled([db.bulkWrite(docs('a')), db.bulkWrite(docs('b'))]);
    expect(settled).toEqual([{ status: 'rejected', reason: outage }, { status: 'rejected', reason: outage }]);
  });

  it('a request the hub refuses as a whole is sent again caller by caller, so only the one at fault hears of it', async () => {
    const hub = fakeHub(async (sent) => {
      if (sent.some((d) => d._id === 'huge')) throw new GatewayError('ERR_BODY_TOO_LARGE', 'hub answered 413');
      return sent.map((d) => ({ id: d._id, rev: '1-a' }));
    });
    const db = withGroupCommit(hub, { maxWaitMs: 5, maxDocs: 500 });
    const [first, second] = await Promise.allSettled([db.bulkWrite(docs('a')), db.bulkWrite(docs('huge'))]);
    expect(first).toEqual({ status: 'fulfilled', value: [{ id: 'a', rev: '1-a' }] });
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'ERR_BODY_TOO_LARGE' } });
  });

  it('results that do not answer the documents sent one for one are an error for all, never handed out', async () => {
    const db = withGroupCommit(fakeHub(async (sent) => sent.slice(1).map((d) => ({ id: d._id, rev: '1-a' }))), { maxWaitMs: 5, maxDocs: 500 });
    const settled = await Promise.allSettled([db.bulkWrite(docs('a')), db.bulkWrite(docs('b'))]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(settled[0]).toMatchObject({ reason: { code: 'ERR_HUB_UNAVAILABLE' } });
  });
});
