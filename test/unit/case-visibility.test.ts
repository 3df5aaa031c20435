import { describe, expect, it } from 'vitest';
import { ancestorsOf, isAncestor, unitTreeOf } from '../../schemas/rules/unit-tree.ts';
import {
  visibilityOf,
  acceptEvent,
  approveEvent,
  forwardEvent,
  MINUTE,
  requestSupplementEvent,
  T0,
  TREE,
  UNITS,
  urgeEvent,
} from './fixtures/case-events.ts';

const at = (n: number): number => T0 + n * MINUTE;

describe('unitTreeOf / ancestorsOf', () => {
  it('indexes every unit by id', () => {
    expect([...TREE.keys()].sort()).toEqual(UNITS.map((u) => u.id).sort());
    expect(TREE.get('community-b1')).toEqual({ id: 'community-b1', parentId: 'street-b', tier: 'community' });
  });

  it('lists parent, grandparent, ... up to the city', () => {
    expect(ancestorsOf('community-a1', TREE)).toEqual(['street-a', 'city']);
    expect(ancestorsOf('street-b', TREE)).toEqual(['city']);
    expect(ancestorsOf('city', TREE)).toEqual([]);
    expect(ancestorsOf('nowhere', TREE)).toEqual([]);
  });

  it('isAncestor holds for superiors only, not for the unit itself or siblings', () => {
    expect(isAncestor('city', 'community-a1', TREE)).toBe(true);
    expect(isAncestor('street-a', 'community-a1', TREE)).toBe(true);
    expect(isAncestor('street-b', 'community-a1', TREE)).toBe(false);
    expect(isAncestor('community-a1', 'community-a1', TREE)).toBe(false);
    expect(isAncestor('community-a1', 'street-a', TREE)).toBe(false);
  });
});

describe('caseVisibility', () => {
  it('a case accepted at a station is visible there and to all its superiors', () => {
    const events = [acceptEvent({ by: 'community-a1', atMs: at(0) })];
    expect(visibilityOf(events, [], TREE)).toEqual(['city', 'community-a1', 'street-a']);
  });

  it('adds every forward target and its ancestors', () => {
    const events = [
      acceptEvent({ by: 'community-a1', atMs: at(0) }),
      forwardEvent({ by: 'community-a1', atMs: at(1) }, 'street-a'),
      forwardEvent({ by: 'street-a', atMs: at(2) }, 'city'),
      forwardEvent({ by: 'city', atMs: at(3) }, 'street-b'),
      forwardEvent({ by: 'street-b', atMs: at(4) }, 'community-b1'),
    ];
    expect(visibilityOf(events, [], TREE)).toEqual(['city', 'community-a1', 'community-b1', 'street-a', 'street-b']);
  });

  it('forwarding back down keeps the earlier units visible', () => {
    const up = [
      acceptEvent({ by: 'community-a1', atMs: at(0) }),
      forwardEvent({ by: 'community-a1', atMs: at(1) }, 'street-a'),
    ];
    const down = [...up, forwardEvent({ by: 'street-a', atMs: at(2) }, 'community-a2')];
    expect(visibilityOf(down, [], TREE)).toEqual(['city', 'community-a1', 'community-a2', 'street-a']);
    for (const unit of visibilityOf(up, [], TREE)) expect(visibilityOf(down, [], TREE)).toContain(unit);
  });

  it('other steps do not change who sees the case; the result is sorted without repeats', () => {
    const events = [
      acceptEvent({ by: 'community-a1', atMs: at(0) }),
      forwardEvent({ by: 'community-a1', atMs: at(1) }, 'street-a'),
      forwardEvent({ by: 'street-a', atMs: at(2) }, 'community-a1'),
      forwardEvent({ by: 'community-a1', atMs: at(3) }, 'street-a'),
      requestSupplementEvent({ by: 'street-a', atMs: at(4) }),
      urgeEvent({ by: 'city', atMs: at(5) }),
      approveEvent({ by: 'street-b', atMs: at(6) }), // a stray step by an outsider grants nothing
    ];
    expect(visibilityOf(events, [], TREE)).toEqual(['city', 'community-a1', 'street-a']);
  });

  it('does not depend on the order of the events', () => {
    const events = [
      acceptEvent({ by: 'community-a1', atMs: at(0) }),
      forwardEvent({ by: 'community-a1', atMs: at(1) }, 'street-a'),
      forwardEvent({ by: 'street-a', atMs: at(2) }, 'community-a2'),
    ];
    expect(visibilityOf([...events].reverse(), [], TREE)).toEqual(visibilityOf(events, [], TREE));
  });

  it('no accept and no forward: visible to nobody', () => {
    expect(visibilityOf([], [], TREE)).toEqual([]);
    expect(visibilityOf([urgeEvent({ by: 'city', atMs: at(0) })], [], TREE)).toEqual([]);
  });
});

describe('a broken tree does not hang the rules', () => {
  it('stops on a two-unit cycle', () => {
    const tree = unitTreeOf([
      { id: 'x', parentId: 'y', tier: 'street' },
      { id: 'y', parentId: 'x', tier: 'street' },
    ]);
    expect(ancestorsOf('x', tree)).toEqual(['y']);
    expect(ancestorsOf('y', tree)).toEqual(['x']);
  });

  it('stops on a cycle above the unit', () => {
    const tree = unitTreeOf([
      { id: 'leaf', parentId: 'p', tier: 'community' },
      { id: 'p', parentId: 'q', tier: 'street' },
      { id: 'q', parentId: 'r', tier: 'city' },
      { id: 'r', parentId: 'p', tier: 'city' },
    ]);
    expect(ancestorsOf('leaf', tree)).toEqual(['p', 'q', 'r']);
    expect(isAncestor('leaf', 'leaf', tree)).toBe(false);
  });

  it('stops on a unit that is its own parent, and on an unknown parent', () => {
    const tree = unitTreeOf([
      { id: 'self', parentId: 'self', tier: 'city' },
      { id: 'orphan', parentId: 'missing', tier: 'community' },
    ]);
    expect(ancestorsOf('self', tree)).toEqual([]);
    expect(ancestorsOf('orphan', tree)).toEqual(['missing']);
  });

  it('caseVisibility over a cyclic tree terminates with every unit on the cycle', () => {
    const tree = unitTreeOf([
      { id: 'community-a1', parentId: 'street-a', tier: 'community' },
      { id: 'street-a', parentId: 'city', tier: 'street' },
      { id: 'city', parentId: 'community-a1', tier: 'city' },
    ]);
    const events = [acceptEvent({ by: 'community-a1', atMs: at(0) }), forwardEvent({ by: 'community-a1', atMs: at(1) }, 'street-a')];
    expect(visibilityOf(events, [], tree)).toEqual(['city', 'community-a1', 'street-a']);
  });
});
