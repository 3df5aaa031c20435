/**
 * What can be wrong with a change the city's administration asks for (an item, a calendar year, a
 * unit, an account), each with a message a person can act on in both languages. The same rules run
 * in the console, before anything is sent, and at the gateway, which refuses the change with these
 * problems and changes nothing. `{name}` marks a parameter.
 */
export const ADMIN_PROBLEMS = {
  required: { en: 'Fill this in.', zh: '此项必填。' },
  too_long: { en: 'At most {max} characters.', zh: '最多 {max} 个字符。' },
  too_many: { en: 'At most {max} entries.', zh: '最多 {max} 项。' },
  duplicate: { en: '“{value}” appears more than once.', zh: '“{value}”重复出现。' },

  item_code_form: { en: 'An item code is capital letters, digits and -, at most 40, e.g. HF-MZ-0009.', zh: '事项编码只能含大写字母、数字和 -，最长 40 个字符，例如 HF-MZ-0009。' },
  item_code_taken: { en: 'Item {code} exists already: pick another code, or edit that item.', zh: '事项 {code} 已存在：请换一个编码，或编辑该事项。' },
  item_missing: { en: 'There is no item {code}: it may not have reached this device yet. Sync, then try again.', zh: '不存在事项 {code}，可能尚未同步到本机。请同步后重试。' },
  item_code_changed: { en: 'An item’s code never changes: cases name the item by it. Add a new item instead.', zh: '事项编码不能修改：办件以编码指向事项。如需新编码，请新增事项。' },
  days_range: { en: 'A whole number of working days from 0 to 365.', zh: '须为 0 至 365 之间的整数个工作日。' },
  promised_over_legal: { en: 'The promised limit ({promised} working days) cannot be longer than the legal limit ({legal}).', zh: '承诺时限（{promised} 个工作日）不能长于法定时限（{legal} 个工作日）。' },
  instant_same_day: { en: 'An instant item (即办件) is done on the spot: its promised limit is 0 working days.', zh: '即办件当场办结，承诺时限须为 0 个工作日。' },
  commitment_needs_days: { en: 'A commitment item (承诺件) needs a promised limit of at least 1 working day.', zh: '承诺件的承诺时限至少为 1 个工作日。' },
  fee_form: { en: 'A fee in yuan from 0 to 100000, with at most two decimals (fen).', zh: '收费以元计，0 至 100000，最多两位小数（到分）。' },
  accept_tier_needed: { en: 'Choose at least one tier where the item is accepted.', zh: '请至少选择一个受理层级。' },
  material_id_form: { en: 'A material id is lowercase letters, digits and -, at most 40.', zh: '材料编号只能含小写字母、数字和 -，最长 40 个字符。' },
  count_range: { en: 'A number of copies from 0 to 20.', zh: '份数须为 0 至 20。' },
  material_nothing: { en: 'A material needs at least one original or one copy.', zh: '每项材料至少需要原件或复印件一份。' },

  calendar_id_form: { en: 'A calendar id is lowercase letters, digits and -, at most 32.', zh: '日历编号只能含小写字母、数字和 -，最长 32 个字符。' },
  calendar_year_id: { en: 'The year’s id must be {id}: its calendar and its year.', zh: '年份编号须为 {id}（日历编号:年份）。' },
  year_range: { en: 'A year from 2000 to 2100.', zh: '年份须在 2000 至 2100 之间。' },
  not_a_date: { en: '“{date}” is not a date: write YYYY-MM-DD, e.g. 2027-10-01.', zh: '“{date}”不是有效日期，请按 YYYY-MM-DD 填写，例如 2027-10-01。' },
  date_outside_year: { en: '{date} is not in {year}.', zh: '{date} 不在 {year} 年内。' },
  holiday_on_weekend: { en: '{date} falls on a weekend: list only weekdays as days off (weekends rest anyway).', zh: '{date} 是周末：放假日只需列出工作日（周末本来休息）。' },
  makeup_on_weekday: { en: '{date} is a weekday: make-up working days (调休上班) are weekend days.', zh: '{date} 是工作日：调休上班日应为周末。' },
  holiday_and_makeup: { en: '{date} is listed both as a day off and as a make-up working day.', zh: '{date} 同时被列为放假日和调休上班日。' },
  year_over: { en: '{year} is over: deadlines were counted and reported with its calendar, so it no longer changes.', zh: '{year} 年已经结束：办件期限已按其日历计算并公布，不再修改。' },
  past_day_changed: { en: '{date} has passed: deadlines were counted with it, so it can no longer be added or removed.', zh: '{date} 已经过去：办件期限已按其计算，不能再增删。' },
  year_unpublished: { en: 'A published calendar year does not become provisional again.', zh: '已发布的日历年份不能改回暂定。' },

  unit_id_form: { en: 'A unit id is lowercase letters, digits and -, starting with a letter or digit, at most 64.', zh: '单位编号只能含小写字母、数字和 -，以字母或数字开头，最长 64 个字符。' },
  unit_id_taken: { en: 'Unit {id} exists already: pick another id.', zh: '单位 {id} 已存在，请换一个编号。' },
  unit_missing: { en: 'There is no unit {id}.', zh: '不存在单位 {id}。' },
  city_exists: { en: 'The network has its city center already: add street halls and community stations under it.', zh: '网络已有市中心：请在其下新增街道服务大厅或社区服务站。' },
  street_under_city: { en: 'A street hall goes under the city center.', zh: '街道服务大厅须隶属于市中心。' },
  station_under_street: { en: 'A community station goes under a street hall.', zh: '社区服务站须隶属于街道服务大厅。' },
  parent_closed: { en: 'Unit {id} is closed: nothing new goes under it.', zh: '单位 {id} 已撤销，不能在其下新增单位。' },
  calendar_unknown: { en: 'The network has no calendar “{id}”: choose one of {known}.', zh: '网络中没有日历“{id}”，请从 {known} 中选择。' },
  unit_closed_already: { en: 'Unit {id} is closed already.', zh: '单位 {id} 已经撤销。' },
  city_not_closable: { en: 'The city center cannot be closed.', zh: '市中心不能撤销。' },
  open_children: { en: '{count} units under it are still open: close them first.', zh: '其下仍有 {count} 个单位未撤销，请先撤销它们。' },
  holds_cases: { en: 'It holds {count} cases not yet finished: decide or forward them, hand over the results, or record the citizen’s withdrawal first. A closed unit could never act on them.', zh: '它仍持有 {count} 件未办结的办件：请先审批或转办、送达结果，或按群众申请撤回。单位撤销后将无法再处理这些办件。' },
  accepted_cases: { en: '{count} cases it accepted are still under way elsewhere or wait for pickup: the citizen comes back to it for the result, to withdraw or to rate. Finish them first.', zh: '它受理的 {count} 件办件仍在其他单位办理或等待取件：群众需回到该单位取件、撤回或评价。请先办结。' },
  open_rectifications: { en: 'It has {count} rectifications (整改) open after poor ratings: close them first.', zh: '它有 {count} 项差评整改尚未完成，请先办结。' },
  open_supervisions: { en: 'It opened {count} supervision items (督办) still open: close them first.', zh: '它发起的 {count} 项督办尚未关闭，请先关闭。' },
  replies_owed: { en: 'It owes {count} replies to urges or supervision: reply first.', zh: '它尚欠 {count} 项催办或督办的回复，请先回复。' },
  unsynced_devices: { en: 'Its devices last reported {count} changes not yet uploaded: let them sync first, or confirm that those changes are given up.', zh: '其设备最近报告仍有 {count} 项改动未上传：请先让设备同步，或确认放弃这些改动。' },

  username_form: { en: 'A username is lowercase letters, digits and . _ -, starting with a letter or digit, at most 64.', zh: '用户名只能含小写字母、数字和 . _ -，以字母或数字开头，最长 64 个字符。' },
  username_taken: { en: 'Account {username} exists already.', zh: '账号 {username} 已存在。' },
  role_not_at_tier: { en: 'This role does not work at a unit of this tier.', zh: '该岗位不能设在此层级的单位。' },
  unit_closed: { en: 'Unit {id} is closed: its accounts stay disabled and it takes no new ones.', zh: '单位 {id} 已撤销：其账号保持停用，也不能新建账号。' },
  own_account: { en: 'You cannot disable your own account: ask another administrator.', zh: '不能停用自己的账号，请由其他管理员操作。' },
} as const satisfies Record<string, { readonly en: string; readonly zh: string }>;

export type AdminProblemCode = keyof typeof ADMIN_PROBLEMS;

export function isAdminProblemCode(code: string): code is AdminProblemCode {
  return Object.hasOwn(ADMIN_PROBLEMS, code);
}

/** One problem, at one field of the change (`name.zh`, `materials.2.copies`, `holidays`). */
export interface AdminProblem {
  readonly field: string;
  readonly code: AdminProblemCode;
  readonly params?: Readonly<Record<string, string | number>>;
}

export function problem(field: string, code: AdminProblemCode, params?: Readonly<Record<string, string | number>>): AdminProblem {
  return params === undefined ? { field, code } : { field, code, params };
}

/** A problem's message in one language, parameters filled in. */
export function problemText(found: AdminProblem, language: 'en' | 'zh'): string {
  const template: string = ADMIN_PROBLEMS[found.code][language];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = found.params?.[name];
    return value === undefined ? whole : String(value);
  });
}

/** A problem for a text that must be filled in and stay within `max` characters; null when it does. */
export function textProblem(field: string, value: string, max: number): AdminProblem | null {
  if (value.trim() === '') return problem(field, 'required');
  if (value.length > max) return problem(field, 'too_long', { max });
  return null;
}

/** Values that appear more than once, each named once. */
export function duplicatesOf(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const value of values) (seen.has(value) ? twice : seen).add(value);
  return [...twice];
}
