/**
 * The wording of the documents a station prints for the citizen (受理回执, 一次性告知书). They are
 * official papers handed over the counter, so they are in Chinese whatever the console's language:
 * this catalog has no English side on purpose. The console's own strings, the print buttons
 * included, stay in `messages.ts` in both languages. `{name}` marks a parameter.
 */
export const PRINTED_ZH = {
  'receipt.title': '受理回执',
  'receipt.caseNumber': '办件编号',
  'receipt.queryCode': '查询码',
  'receipt.item': '申请事项',
  'receipt.itemCode': '事项编码',
  'receipt.applicant': '申请人',
  'receipt.applicantId': '身份证号码',
  'receipt.acceptedDate': '受理日期',
  'receipt.received': '已收材料',
  'receipt.receivedNone': '无',
  'receipt.promisedDue': '承诺办结日期',
  'receipt.promisedCommitment': '{date}前（承诺时限 {days} 个工作日，补齐补正、挂起期间不计入）',
  'receipt.promisedInstant': '即办件，{date}当场办结',
  'receipt.green': '绿色通道（优先办理）',
  'receipt.missing': '尚缺 {n} 项材料，详见同时出具的《一次性告知书》。',
  'receipt.station': '受理单位',
  'receipt.address': '地址',
  'receipt.phone': '联系电话',
  'receipt.query': '您可凭办件编号和查询码查询办理进度。办结后我站将通知您领取结果，请妥善保管本回执。',
  'receipt.seal': '受理单位（盖章）',
  'receipt.signature': '申请人签字：',
  'notice.title': '一次性告知书',
  'notice.caseNumber': '编号：{number}',
  'notice.to': '{name}（身份证号码 {id}）：',
  'notice.notProvided': '您申请办理的“{item}”（事项编码 {code}），经审查，尚需补齐以下材料：',
  'notice.requested': '您申请办理的“{item}”（事项编码 {code}），经办理单位审查，需补正以下材料：',
  'notice.note': '补正说明：{note}',
  'notice.where': '请您备齐上述材料后，送至{station}（地址：{address}；电话：{phone}）。补齐补正期间，办理时限暂停计算。',
  'notice.once': '以上为需补齐的全部材料，一次告知，不再另行要求。',
  'notice.end': '特此告知。',
  'notice.from': '告知单位（盖章）：{station}',
  'notice.date': '告知日期：{date}',
  'notice.signature': '申请人签收：',
  'material.count': '（原件 {o} 份，复印件 {c} 份）',
  'material.originals': '（原件 {o} 份）',
  'material.copies': '（复印件 {c} 份）',
} as const;

export type PrintedKey = keyof typeof PRINTED_ZH;

/** A printed document's text, with `{name}` parameters filled in. */
export function printed(key: PrintedKey, params: Readonly<Record<string, string | number>> = {}): string {
  return PRINTED_ZH[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A material's counts as printed; '' when the item does not say. */
export function printedCounts(originals: number | null, copies: number | null): string {
  if (originals === null || copies === null) return '';
  if (originals > 0 && copies > 0) return printed('material.count', { o: originals, c: copies });
  if (originals > 0) return printed('material.originals', { o: originals });
  if (copies > 0) return printed('material.copies', { c: copies });
  return '';
}
