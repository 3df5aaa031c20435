import type { Role, Tier, Unit } from '../../schemas/types.ts';

/** A demo sign-in, without its password: the seed step generates passwords and hashes them. */
export interface DemoAccount {
  readonly username: string;
  readonly unitId: string;
  readonly tier: Tier;
  readonly role: Role;
  readonly workerName: string;
}

const ROLE_BY_TIER: Readonly<Record<Tier, Role>> = {
  city: 'city_supervisor',
  street: 'street_clerk',
  community: 'community_worker',
};

// Fictional names, handed out in order so that every seed run gives the same people.
const WORKER_NAMES: readonly string[] = [
  '陈静',
  '王海燕',
  '李明',
  '张丽华',
  '刘洋',
  '杨秀兰',
  '赵刚',
  '黄晓梅',
  '周建国',
  '吴芳',
  '徐磊',
  '孙玉珍',
  '胡伟',
  '朱红',
  '高峰',
  '林慧',
];

function workerName(index: number): string {
  return WORKER_NAMES[index % WORKER_NAMES.length] ?? '值班人员';
}

/**
 * One account per unit (username = unit id, role by tier), plus a catalog editor and an
 * administrator at the city center. Throws when the units have no city root to put those two in.
 */
export function demoAccountsFor(units: readonly Unit[]): DemoAccount[] {
  const city = units.find((u) => u.tier === 'city' && u.parentId === null);
  if (city === undefined) throw new Error('demo accounts need a city unit with no parent');
  const perUnit = units.map(
    (unit, index): DemoAccount => ({
      username: unit.id,
      unitId: unit.id,
      tier: unit.tier,
      role: ROLE_BY_TIER[unit.tier],
      workerName: workerName(index),
    }),
  );
  return [
    ...perUnit,
    { username: 'catalog-editor', unitId: city.id, tier: 'city', role: 'catalog_editor', workerName: workerName(units.length) },
    { username: 'admin', unitId: city.id, tier: 'city', role: 'admin', workerName: workerName(units.length + 1) },
  ];
}
