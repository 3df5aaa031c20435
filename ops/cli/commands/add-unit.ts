import { asCouchDoc } from '../../../schemas/couch-doc.ts';
import { describeProblems } from '../../../schemas/api/schema-problems.ts';
import type { Tier, Unit } from '../../../schemas/types.ts';
import { validators } from '../../../schemas/validators.ts';
import { storedAs } from '../../../server/hub/hub-doc.ts';
import type { HubPort } from '../../../server/hub/hub-port.ts';
import type { ChangeLog } from '../change-log.ts';
import { OpsError } from '../ops-error.ts';

export interface AddUnitInput {
  readonly id: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly tier: string;
  readonly parentId: string | null;
  readonly calendarId: string;
  readonly address?: string;
  readonly phone?: string;
}

/** The tier a unit's parent must have: the tree is city → street halls → community stations. */
const PARENT_TIER: Readonly<Record<Tier, Tier | null>> = { city: null, street: 'city', community: 'street' };

function isTier(value: string): value is Tier {
  return value === 'city' || value === 'street' || value === 'community';
}

/** Adds a unit to the network tree: a street hall under the city, a station under a street hall. */
export async function addUnit(hub: HubPort, log: ChangeLog, input: AddUnitInput): Promise<Unit> {
  if (!isTier(input.tier)) throw new OpsError(`--tier must be city, street or community, not "${input.tier}".`, `--tier 须为 city、street 或 community，而不是"${input.tier}"。`);
  const db = hub.database('units');
  const units = new Map((await db.allDocs()).flatMap((doc) => storedAs(doc, validators.unit)).map((u) => [u.id, u]));
  if (units.has(input.id)) throw new OpsError(`Unit ${input.id} exists already; pick another id.`, `单位 ${input.id} 已存在，请换一个编号。`);
  const parentTier = PARENT_TIER[input.tier];
  if (parentTier === null) {
    if (input.parentId !== null) throw new OpsError('The city center has no parent: leave out --parent.', '市中心没有上级单位：请去掉 --parent。');
    const city = [...units.values()].find((u) => u.tier === 'city');
    if (city !== undefined) throw new OpsError(`The network has its city center already (${city.id}).`, `网络已有市中心（${city.id}）。`);
  } else {
    const parent = input.parentId === null ? undefined : units.get(input.parentId);
    if (parent === undefined) {
      throw new OpsError(`A ${input.tier} unit needs --parent, the id of an existing ${parentTier} unit${input.parentId === null ? '' : `; there is no unit ${input.parentId}`}.`, `${input.tier} 单位需用 --parent 指定一个已有的 ${parentTier} 单位${input.parentId === null ? '' : `；不存在单位 ${input.parentId}`}。`);
    }
    if (parent.tier !== parentTier) throw new OpsError(`The parent of a ${input.tier} unit must be a ${parentTier} unit; ${parent.id} is a ${parent.tier} unit.`, `${input.tier} 单位的上级须为 ${parentTier} 单位；${parent.id} 是 ${parent.tier} 单位。`);
  }
  const unit: Unit = {
    id: input.id,
    name: { zh: input.nameZh, en: input.nameEn },
    tier: input.tier,
    parentId: input.parentId,
    calendarId: input.calendarId,
    ...(input.address === undefined ? {} : { address: input.address }),
    ...(input.phone === undefined ? {} : { phone: input.phone }),
  };
  if (!validators.unit(unit)) throw new OpsError(`The unit is not valid: ${describeProblems(validators.unit.errors)}. Ids are lowercase letters, digits and -.`, `单位信息无效：${describeProblems(validators.unit.errors)}。编号只能含小写字母、数字和 -。`);
  const [result] = await db.bulkWrite([asCouchDoc('units', unit)]);
  if (result?.error !== undefined) throw new OpsError(`The hub refused the unit: ${result.error} ${result.reason ?? ''}`.trim(), `数据中心拒绝写入该单位：${result.error}`);
  await log.record({ event: 'unit_added', unitId: unit.id, tier: unit.tier, parentId: unit.parentId });
  return unit;
}
