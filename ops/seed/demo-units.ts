import type { Unit } from '../../schemas/types.ts';

/**
 * The demo network: the city center, three street halls in three districts of Hefei, and three
 * community stations under each. Street names are real Hefei streets; community names are
 * plausible but illustrative, and every address and phone number is fictional.
 */

const CALENDAR_ID = 'cn-mainland';

const city: Unit = {
  id: 'hefei-center',
  name: { zh: '合肥市政务服务中心', en: 'Hefei Administrative Service Center' },
  tier: 'city',
  parentId: null,
  calendarId: CALENDAR_ID,
  address: '合肥市蜀山区怀宁路1688号（示例地址）',
  phone: '0551-6350 0000',
};

interface StreetSpec {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  readonly district: string;
  readonly phone: string;
  readonly communities: readonly { readonly key: string; readonly zh: string; readonly en: string }[];
}

const STREETS: readonly StreetSpec[] = [
  {
    key: 'sanxiaokou',
    zh: '三孝口街道',
    en: 'Sanxiaokou Street',
    district: '庐阳区',
    phone: '0551-6261 0100',
    communities: [
      { key: 'xinghuacun', zh: '杏花村社区', en: 'Xinghuacun Community' },
      { key: 'liuanlu', zh: '六安路社区', en: "Lu'an Road Community" },
      { key: 'tongchenglu', zh: '桐城路社区', en: 'Tongcheng Road Community' },
    ],
  },
  {
    key: 'sanlian',
    zh: '三里庵街道',
    en: "Sanli'an Street",
    district: '蜀山区',
    phone: '0551-6528 0200',
    communities: [
      { key: 'anjuyuan', zh: '安居苑社区', en: 'Anjuyuan Community' },
      { key: 'daoxiangcun', zh: '稻香村社区', en: 'Daoxiangcun Community' },
      { key: 'longhe', zh: '龙河社区', en: 'Longhe Community' },
    ],
  },
  {
    key: 'wuhulu',
    zh: '芜湖路街道',
    en: 'Wuhu Road Street',
    district: '包河区',
    phone: '0551-6289 0300',
    communities: [
      { key: 'susonglu', zh: '宿松路社区', en: 'Susong Road Community' },
      { key: 'ningguolu', zh: '宁国路社区', en: 'Ningguo Road Community' },
      { key: 'huizhoudadao', zh: '徽州大道社区', en: 'Huizhou Avenue Community' },
    ],
  },
];

function streetUnits(street: StreetSpec, streetIndex: number): Unit[] {
  const hall: Unit = {
    id: `street-${street.key}`,
    name: { zh: `${street.zh}便民服务中心`, en: `${street.en} Service Hall` },
    tier: 'street',
    parentId: city.id,
    calendarId: CALENDAR_ID,
    address: `合肥市${street.district}${street.zh}政务服务大厅（示例地址）`,
    phone: street.phone,
  };
  const stations = street.communities.map((community, index): Unit => ({
    id: `community-${community.key}`,
    name: { zh: `${community.zh}服务站`, en: `${community.en} Service Station` },
    tier: 'community',
    parentId: hall.id,
    calendarId: CALENDAR_ID,
    address: `合肥市${street.district}${street.zh}${community.zh}党群服务中心一楼（示例地址）`,
    phone: `0551-6${streetIndex + 3}${index + 1}0 ${String(1000 + 111 * (index + 1))}`,
  }));
  return [hall, ...stations];
}

export const DEMO_UNITS: Unit[] = [city, ...STREETS.flatMap(streetUnits)];
