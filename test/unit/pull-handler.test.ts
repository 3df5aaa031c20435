import { describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../replication/gateway-client.ts';
import { createPullHandler, type ChangesPage, type GatewayCheckpoint } from '../../replication/pull.ts';

/** A gateway whose `_changes` answers `pages` by `since`, each request recorded. */
function fakeGateway(pages: Record<string, ChangesPage>) {
  const asked: string[] = [];
  const client = {
    collectionUrl: (collection: string) => `http://gw/sync/u1/${collection}`,
    getJson: (url: string) => {
      const since = new URL(url).searchParams.get('since') ?? '';
      asked.push(since);
      const page = pages[since];
      return page === undefined ? Promise.reject(new Error(`no page after ${since}`)) : Promise.resolve(page);
    },
  };
  return { asked, client: client as unknown as GatewayClient };
}

const doc = (id: string): { doc: Record<string, unknown> } => ({ doc: { _id: id, _rev: '1-a', id } });

describe('the pull handler', () => {
  it('follows answers with no documents but more to come, so RxDB never takes an empty batch for the end', async () => {
    const gateway = fakeGateway({
      '0': { results: [], last_seq: 's1', pending: 1 },
      s1: { results: [], last_seq: 's2', pending: 1 },
      s2: { results: [doc('c1')], last_seq: 's3', pending: 1 },
    });
    const pulled: string[] = [];
    const handler = createPullHandler<unknown>(gateway.client, 'cases', {
      ready: () => Promise.resolve(true),
      pulled: (checkpoint: GatewayCheckpoint) => pulled.push(checkpoint.seq),
    });
    const answer = await handler(undefined, 100);
    expect(gateway.asked).toEqual(['0', 's1', 's2']);
    expect(pulled).toEqual(['s1', 's2', 's3']);
    expect(answer.checkpoint).toEqual({ seq: 's3' });
    expect(answer.documents).toHaveLength(1);
  });

  it('hands RxDB an empty batch when the gateway has nothing more', async () => {
    const gateway = fakeGateway({ s9: { results: [], last_seq: 's9', pending: 0 } });
    const handler = createPullHandler<unknown>(gateway.client, 'cases', { ready: () => Promise.resolve(true), pulled: () => undefined });
    const answer = await handler({ seq: 's9' }, 100);
    expect(gateway.asked).toEqual(['s9']);
    expect(answer.documents).toEqual([]);
  });

  it('stops following once sync stops', async () => {
    const gateway = fakeGateway({ '0': { results: [], last_seq: 's1', pending: 1 } });
    let calls = 0;
    const handler = createPullHandler<unknown>(gateway.client, 'cases', { ready: () => Promise.resolve(calls++ === 0), pulled: () => undefined });
    const answer = await handler(undefined, 100);
    expect(gateway.asked).toEqual(['0']);
    expect(answer.documents).toEqual([]);
  });
});
