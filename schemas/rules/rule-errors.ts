/**
 * Every refusal a rule can give, with a message a person can act on, in both languages. The
 * gateway maps these codes to HTTP answers; the PWA shows the message.
 */
export const RULE_ERRORS = {
  ERR_EVENT_FORGED_UNIT: {
    en: 'The event claims another unit as its author. Events can only be written under your own unit; sign in with that unit\'s account.',
    zh: '该事件署名为其他单位。只能以本单位名义记录事件，请使用该单位账号登录。',
  },
  ERR_EVENT_FORGED_WORKER: {
    en: 'The event claims another worker as its author. Sign in as that worker to record it.',
    zh: '该事件署名为其他工作人员。请以该工作人员身份登录后再记录。',
  },
  ERR_EVENT_MODIFIED: {
    en: 'An existing event of this case was changed. Recorded steps cannot be edited; record a new step instead.',
    zh: '本办件已有的事件被修改。已记录的环节不可更改，请另行记录新的环节。',
  },
  ERR_EVENT_DATA: {
    en: 'The event is missing information it needs or carries fields it must not. Check the form and record it again.',
    zh: '事件缺少必要信息或包含不允许的字段。请检查表单后重新记录。',
  },
  ERR_ROLE_FORBIDS: {
    en: 'Your role may not perform this step. Ask a colleague with the right role, or your supervisor.',
    zh: '您的岗位无权办理此环节。请由有权限的同事或上级办理。',
  },
  ERR_CASE_NOT_VISIBLE: {
    en: 'This case is not visible to your unit. It may only be changed by the units it was accepted at or forwarded to, and their superiors.',
    zh: '本单位无权查看该办件。只有受理单位、转办单位及其上级单位可以办理。',
  },
  ERR_CASE_EXISTS: {
    en: 'A case with this id already exists, so it cannot be accepted again. Reload the case list.',
    zh: '该办件编号已存在，不能重复受理。请刷新办件列表。',
  },
  ERR_CASE_NOT_ACCEPTED: {
    en: 'The case has no accept step first. Every case starts with its acceptance (受理).',
    zh: '该办件缺少受理环节。每个办件都必须先受理。',
  },
  ERR_ACCEPT_TIER: {
    en: 'This service item cannot be accepted at your tier. See the item\'s guidance for where it is accepted.',
    zh: '该事项不能在本级受理。请查看办事指南中的受理地点。',
  },
  ERR_DECISION_TIER: {
    en: 'This item is decided at another tier. Forward the case to the unit that decides it.',
    zh: '该事项由其他层级审批。请将办件转办至有权审批的单位。',
  },
  ERR_FORWARD_TARGET: {
    en: 'A case can only be forwarded to the unit directly above or directly below yours.',
    zh: '办件只能转办给直接上级或直接下级单位。',
  },
  ERR_NOT_SUPERIOR: {
    en: 'Only a unit above the station that accepted the case can urge or supervise it.',
    zh: '只有受理该办件的服务站的上级单位才能催办或督办。',
  },
  ERR_CASE_DELETE: {
    en: 'Cases are never deleted: the record of the process is public. Withdraw the case instead.',
    zh: '办件不可删除，办理过程须留痕公开。如需撤销，请办理撤回。',
  },
  ERR_SCHEMA: {
    en: 'The document does not match its schema. Update the app and try again.',
    zh: '数据格式不符合规范。请更新应用后重试。',
  },
  ERR_DERIVED_FIELDS: {
    en: 'The case summary does not match its events. Update the app and try again.',
    zh: '办件摘要与其事件不一致。请更新应用后重试。',
  },
} as const;

export type RuleErrorCode = keyof typeof RULE_ERRORS;

export interface RuleRefusal {
  readonly ok: false;
  readonly code: RuleErrorCode;
  /** What exactly was wrong, for logs and the refused-documents list (English, technical). */
  readonly detail: string;
}

export type RuleResult = { readonly ok: true } | RuleRefusal;

export const RULE_OK: RuleResult = { ok: true };

export function refuse(code: RuleErrorCode, detail: string): RuleRefusal {
  return { ok: false, code, detail };
}
