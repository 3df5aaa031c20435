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
    en: 'Only a unit above the one holding the case can urge or supervise it. Reload the case: it may have moved.',
    zh: '只有办件当前所在单位的上级单位才能催办或督办。请刷新办件，它可能已转至其他单位。',
  },
  ERR_CLOCK_AHEAD: {
    en: 'This step is dated in the future by the device\'s clock. Set the device\'s date and time correctly (or let it sync once, so it learns the hub\'s time), then record the step again.',
    zh: '该环节的时间晚于数据中心时间，说明本设备时钟不准。请校正设备的日期和时间（或联网同步一次以校准时间）后重新办理该环节。',
  },
  ERR_CASE_ID_FORM: {
    en: 'A new case must carry your own unit in its id. Update the app and accept the case again.',
    zh: '新办件的编号须包含本单位标识。请更新应用后重新受理。',
  },
  ERR_CASE_NUMBER_TAKEN: {
    en: 'Another case already has this case number. Accept the case again so that it gets a new number, and tell the applicant the new one.',
    zh: '该办件号已被其他办件使用。请重新受理以生成新的办件号，并告知申请人新号码。',
  },
  ERR_CASE_CONFLICT_LIMIT: {
    en: 'This case already holds several steps of your unit that could not take effect. Reload the case and check its state before recording more; ask your supervisor if it looks wrong.',
    zh: '本办件中已有多条本单位未能生效的环节。请刷新办件、核对当前状态后再办理；如有疑问请联系上级。',
  },
  ERR_STEP_LIMIT: {
    en: 'Your unit has taken this step on this case as often as allowed. Contact the unit holding the case directly.',
    zh: '本单位对该办件办理此环节的次数已达上限。请直接联系办件所在单位。',
  },
  ERR_CASE_FULL: {
    en: 'This case\'s record is nearly full; the room left is kept for the unit holding it to decide. Contact that unit.',
    zh: '该办件的办理记录即将达到上限，剩余容量留给当前办理单位作出决定。请联系该单位。',
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
