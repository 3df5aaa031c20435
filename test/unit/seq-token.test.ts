import { describe, expect, it } from 'vitest';
import { decodeSeq, encodeSeq, MAX_SEQ_TOKEN_LENGTH } from '../../server/sync/seq-token.ts';

const scope = { collection: 'cases', hub: '0123456789abcdef' };
const base64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('sequence tokens', () => {
  it('round-trip integer and CouchDB seqs, index walks included, barely longer than the seq', () => {
    const couch = `1264-${'g1AAAAC3eJzLYWBgYMpgTmGQSM4vTc5ISTLUNTK1tDBxMDQy1zMAQsMckIpEhqT6____Z2Uw'.repeat(20)}`;
    for (const position of [
      { phase: 'changes', hubSeq: 0 },
      { phase: 'changes', hubSeq: 123456 },
      { phase: 'changes', hubSeq: couch },
      { phase: 'changes', hubSeq: 'a seq with spaces/and+signs' },
      { phase: 'index', hubSeq: couch, afterId: null },
      { phase: 'index', hubSeq: 17, afterId: 'c_community-xinghuacun_办件.1' },
    ] as const) {
      const token = encodeSeq(position, scope);
      expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(decodeSeq(token, scope)).toEqual({ kind: 'position', position });
    }
    expect(encodeSeq({ phase: 'changes', hubSeq: couch }, scope).length).toBeLessThan(couch.length + 40);
    expect(encodeSeq({ phase: 'start' }, scope)).toBe('0');
    expect(MAX_SEQ_TOKEN_LENGTH).toBeGreaterThanOrEqual(8_000);
  });

  it('tell another collection from another hub, and still read the first tokens (base64 JSON)', () => {
    expect(decodeSeq(encodeSeq({ phase: 'changes', hubSeq: 3 }, { collection: 'units', hub: scope.hub }), scope)).toEqual({ kind: 'other-collection', collection: 'units' });
    expect(decodeSeq(encodeSeq({ phase: 'changes', hubSeq: 3 }, { collection: 'cases', hub: 'fedcba9876543210' }), scope)).toEqual({ kind: 'other-hub' });
    expect(decodeSeq(base64(['c', 3, null, 'cases', scope.hub]), scope)).toEqual({ kind: 'position', position: { phase: 'changes', hubSeq: 3 } });
    expect(decodeSeq(base64(['i', 'x-1', 'c1', 'cases', scope.hub]), scope)).toEqual({ kind: 'position', position: { phase: 'index', hubSeq: 'x-1', afterId: 'c1' } });
    expect(decodeSeq(base64(['c', 3]), scope)).toEqual({ kind: 'other-hub' });
  });

  it('refuse what the gateway never issued', () => {
    for (const token of ['c.cases', 'c.cases.0123456789abcdef.x3', 'c.cases.0123456789abcdef.n-1', 'c.cases.0123456789abcdef.n01', 'c.cases.0123456789abcdef.n3.extra', 'i.cases.0123456789abcdef.n3', 'x.cases.0123456789abcdef.n3', 'c.ca ses.0123456789abcdef.n3', 'c.cases.0123456789abcdef.s', base64(['c', { x: 1 }]), base64({ c: 1 }), '%%%']) {
      expect(decodeSeq(token, scope), token).toBeUndefined();
    }
  });
});
