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
  '何志强',
  '郭晓燕',
  '马俊',
  '罗桂英',
  '梁文斌',
  '宋雅琴',
  '郑浩',
  '谢秀珍',
  '韩立新',
  '唐丽娟',
  '冯军',
  '董春梅',
  '萧宇',
  '程淑华',
];

/**
 * Named workers per unit: a community station has two workers, a street hall two desks (窗口) with
 * one account each; the city one supervisor. The first keeps the unit's id as username.
 */
const WORKERS_PER_UNIT: Readonly<Record<Tier, number>> = { community: 2, street: 2, city: 1 };

/** The n-th worker's username at a unit (n from 1): `unit`, `unit.2`, … */
export function workerUsername(unitId: string, n: number): string {
  return n === 1 ? unitId : `${unitId}.${n}`;
}

function workerName(index: number): string {
  return WORKER_NAMES[index % WORKER_NAMES.length] ?? '值班人员';
}

/**
 * The named workers of every unit (role by tier; see WORKERS_PER_UNIT), plus a catalog editor and
 * an administrator at the city center. Throws when the units have no city root to put those two in.
 */
export function demoAccountsFor(units: readonly Unit[]): DemoAccount[] {
  const city = units.find((u) => u.tier === 'city' && u.parentId === null);
  if (city === undefined) throw new Error('demo accounts need a city unit with no parent');
  const perUnit = units.flatMap((unit) => Array.from({ length: WORKERS_PER_UNIT[unit.tier] }, (_, i) => ({ unit, n: i + 1 })));
  const workers = perUnit.map(({ unit, n }, index): DemoAccount => ({
    username: workerUsername(unit.id, n),
    unitId: unit.id,
    tier: unit.tier,
    role: ROLE_BY_TIER[unit.tier],
    workerName: workerName(index),
  }));
  return [
    ...workers,
    { username: 'catalog-editor', unitId: city.id, tier: 'city', role: 'catalog_editor', workerName: workerName(workers.length) },
    { username: 'admin', unitId: city.id, tier: 'city', role: 'admin', workerName: workerName(workers.length + 1) },
  ];
}
