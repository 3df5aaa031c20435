import { RULE_ERRORS, type RuleErrorCode } from '../schemas/rules/rule-errors.ts';

/**
 * The gateway's one error catalog: a code, an HTTP status, the CouchDB-style `error` word that
 * replication clients branch on, and a message in both languages saying what to do.
 */
const GATEWAY_ERRORS = {
  ERR_AUTH_REQUIRED: { status: 401, error: 'unauthorized', en: 'Sign in first: this request carries no token.', zh: '请先登录：该请求未携带令牌。' },
  ERR_TOKEN_INVALID: { status: 401, error: 'unauthorized', en: 'The sign-in token is not valid. Sign in again.', zh: '登录令牌无效，请重新登录。' },
  ERR_TOKEN_EXPIRED: { status: 401, error: 'unauthorized', en: 'The sign-in token has expired. Sign in again.', zh: '登录令牌已过期，请重新登录。' },
  // One answer for an unknown account, a wrong password and a disabled account: none is confirmed.
  ERR_LOGIN_FAILED: { status: 401, error: 'unauthorized', en: 'Wrong username or password, or the account is disabled. Check both and try again; if it still fails, ask your administrator.', zh: '用户名或密码错误，或账号已停用。请核对后重试；仍无法登录请联系管理员。' },
  ERR_LOGIN_THROTTLED: { status: 429, error: 'too_many_requests', en: 'Too many failed sign-ins for this account. Wait a minute and try again.', zh: '该账号登录失败次数过多，请稍候一分钟再试。' },
  ERR_ACCOUNT_DISABLED: { status: 403, error: 'forbidden', en: 'This account has been disabled by the city center. Contact your administrator.', zh: '该账号已被市中心停用，请联系管理员。' },
  ERR_WRONG_UNIT: { status: 403, error: 'forbidden', en: 'This token belongs to another unit. Sign in with this unit\'s account.', zh: '该令牌属于其他单位，请使用本单位账号登录。' },
  ERR_ROLE_FORBIDS_API: { status: 403, error: 'forbidden', en: 'Your role may not do this. Ask an administrator.', zh: '您的岗位无权执行此操作，请联系管理员。' },
  ERR_READ_ONLY: { status: 403, error: 'forbidden', en: 'This collection is read-only for stations; it is edited at the city center.', zh: '该数据对网点只读，由市中心统一维护。' },
  ERR_UNKNOWN_COLLECTION: { status: 404, error: 'not_found', en: 'There is no such collection. Update the app.', zh: '不存在该数据集合，请更新应用。' },
  ERR_NOT_FOUND: { status: 404, error: 'not_found', en: 'Nothing is here. Check the address.', zh: '该地址不存在，请检查。' },
  ERR_BAD_REQUEST: { status: 400, error: 'bad_request', en: 'The request is malformed. Update the app and try again.', zh: '请求格式有误，请更新应用后重试。' },
  ERR_BAD_JSON: { status: 400, error: 'bad_request', en: 'The request body is not valid JSON. Update the app and try again.', zh: '请求内容不是有效的 JSON，请更新应用后重试。' },
  ERR_UNSUPPORTED_MEDIA: { status: 415, error: 'bad_content_type', en: 'Send the body as application/json.', zh: '请求内容须为 application/json 格式。' },
  ERR_BODY_TOO_LARGE: { status: 413, error: 'too_large', en: 'The request is too large. Sync in smaller batches.', zh: '请求过大，请分批同步。' },
  ERR_HUB_UNAVAILABLE: { status: 503, error: 'unavailable', en: 'The data hub cannot be reached right now. Your work is kept on this device and will sync when it is back.', zh: '数据中心暂时无法连接。您的数据已保存在本机，恢复后将自动同步。' },
  ERR_INTERNAL: { status: 500, error: 'internal', en: 'Something went wrong on the server. Your work is kept on this device; try again later.', zh: '服务器出现错误。您的数据已保存在本机，请稍后重试。' },
  ERR_DUPLICATE_IN_BATCH: { status: 400, error: 'bad_request', en: 'The same document appears twice in one batch. Update the app.', zh: '同一批次中出现重复文档，请更新应用。' },
  ERR_TOO_MANY_LONGPOLLS: { status: 429, error: 'too_many_requests', en: 'This sign-in already holds as many live connections as allowed. Close other windows of the console; this one retries by itself.', zh: '该登录已占用允许的全部实时连接。请关闭其他控制台窗口，本窗口会自动重试。' },
  ERR_TOO_MANY_DEVICES: { status: 403, error: 'forbidden', en: 'This unit already reports as many devices as allowed; this device\'s heartbeat is not stored. Ask the city center to raise the limit.', zh: '本单位上报的设备数已达上限，本设备的心跳未保存。请联系市中心调高上限。' },
  ERR_REQUEST_TIMEOUT: { status: 408, error: 'timeout', en: 'The request took too long to arrive. Check the connection; the app sends it again.', zh: '请求传输超时。请检查网络连接，应用会自动重新发送。' },
  ERR_LOGIN_RATE_LIMITED: { status: 429, error: 'too_many_requests', en: 'Too many sign-ins from this network address. Wait a minute and try again.', zh: '该网络地址的登录尝试过多，请稍候一分钟再试。' },
  ERR_LOGIN_BUSY: { status: 503, error: 'unavailable', en: 'The server is busy checking other sign-ins. Wait a few seconds and try again.', zh: '服务器正忙于处理其他登录，请稍候几秒再试。' },
  ERR_TOKEN_REVOKED: { status: 401, error: 'unauthorized', en: 'This sign-in ended when the account was disabled. Sign in again with your password.', zh: '账号曾被停用，此前的登录已失效，请重新输入密码登录。' },
  ERR_SESSION_EXPIRED: { status: 401, error: 'unauthorized', en: 'This sign-in has lasted as long as a session may. Sign in again with your password.', zh: '本次登录已达到最长有效时间，请重新输入密码登录。' },
  ERR_ROLE_NO_CASES: { status: 403, error: 'forbidden', en: 'Your role does not work on cases, so it may not read citizens\' cases. Sign in with a case worker\'s account if you need them.', zh: '您的岗位不办理办件，无权查看群众办件。如需查看，请使用办件人员账号登录。' },
  // The city's administration: a change with problems (listed in the answer's `problems`), or one made on a stale view.
  ERR_EDIT_REFUSED: { status: 422, error: 'invalid', en: 'The change was not saved: correct what is marked and save again.', zh: '修改未保存：请更正标出的问题后重新保存。' },
  ERR_EDIT_STALE: { status: 409, error: 'conflict', en: 'Someone else changed this meanwhile, so your change was not saved. Look at the current version and make your change again.', zh: '他人已同时修改了此项，您的修改未保存。请查看最新内容后重新修改。' },
  ERR_METRICS_TOKEN: { status: 401, error: 'unauthorized', en: 'The metrics token is missing or wrong. Give Prometheus the gateway\'s LIANDONG_METRICS_TOKEN as its bearer token.', zh: '监控令牌缺失或错误。请将网关的 LIANDONG_METRICS_TOKEN 配置为 Prometheus 的 bearer token。' },
  // Indicators (issue 9).
  ERR_PERIOD_INVALID: { status: 400, error: 'bad_request', en: 'The period is not one the indicators know. Name a month (2026-11), a quarter (2026-Q4) or a year (2026), from 2000 to 2100.', zh: '统计周期格式不正确。请填写月份（如 2026-11）、季度（如 2026-Q4）或年份（如 2026），年份在 2000 至 2100 之间。' },
  ERR_PERIOD_NOT_BEGUN: { status: 400, error: 'bad_request', en: 'That period has not begun yet, so it has no figures. Choose the current period or an earlier one.', zh: '该统计周期尚未开始，暂无数据。请选择当前或更早的周期。' },
  // The citizen's own page (issue 9): a wrong code and an unknown number get the very same answer.
  ERR_PUBLIC_CASE_NOT_FOUND: { status: 404, error: 'not_found', en: 'No case matches this case number and query code. Check both on your acceptance receipt (受理回执) and try again; if they are right, ask the service station that accepted your case.', zh: '未找到与该办件编号和查询码相符的办件。请核对受理回执上的编号和查询码后重试；如确认无误，请咨询受理您办件的服务站。' },
  ERR_PUBLIC_RATE_LIMITED: { status: 429, error: 'too_many_requests', en: 'Too many look-ups from this network address. Wait a minute and try again.', zh: '该网络地址的查询过于频繁，请稍候一分钟再试。' },
  ERR_PUBLIC_NOT_RATABLE: { status: 409, error: 'conflict', en: 'This case cannot be rated yet: it can be rated once it has been decided or closed. Look it up again later.', zh: '该办件尚不能评价：办结后方可评价，请稍后再查询。' },
  ERR_ALREADY_RATED: { status: 409, error: 'conflict', en: 'This case has already been rated; each case is rated once. To say more, call the service station that accepted it.', zh: '该办件已评价过，每件办件只能评价一次。如有其他意见，请致电受理的服务站。' },
  // The city's case search (issue 9): what it does not search by, and what to use instead.
  ERR_SEARCH_BY_NAME: { status: 400, error: 'bad_request', en: 'Search by the applicant\'s name is not supported: names are not unique, and the hub does not index them to protect personal data. Search by the case number, or by the full ID number (exact).', zh: '不支持按申请人姓名查询：姓名不唯一，且为保护个人信息，系统不为姓名建立索引。请按办件编号或完整的身份证号码（精确匹配）查询。' },
  ERR_SEARCH_BY_PHONE: { status: 400, error: 'bad_request', en: 'Search by phone number is not supported, to protect personal data. Search by the case number, or by the full ID number (exact).', zh: '为保护个人信息，不支持按电话号码查询。请按办件编号或完整的身份证号码（精确匹配）查询。' },
  ERR_SEARCH_PARTIAL_ID: { status: 400, error: 'bad_request', en: 'An ID number is searched exactly: enter all 18 characters (or the 15 digits of an old card), with the check character.', zh: '身份证号码须精确查询：请输入完整的 18 位号码（旧证 15 位），含校验位。' },
  ERR_SEARCH_TEXT: { status: 400, error: 'bad_request', en: 'The search box takes a case number (such as LD20260315ABCDEF) or a full ID number. For anything else, choose an item, a unit or dates.', zh: '搜索框只接受办件编号（如 LD20260315ABCDEF）或完整的身份证号码。其他条件请选择事项、单位或日期。' },
  ERR_SEARCH_DATES: { status: 400, error: 'bad_request', en: 'The dates are not valid: give them as YYYY-MM-DD, the first not after the last.', zh: '日期无效：请按 YYYY-MM-DD 填写，开始日期不得晚于结束日期。' },
  ERR_LIST_CURSOR: { status: 400, error: 'bad_request', en: 'This page belongs to another list or order. Open the list again from the first page.', zh: '该页不属于当前列表或排序，请从第一页重新打开列表。' },
  ERR_SEARCH_CURSOR: { status: 400, error: 'bad_request', en: 'This page of results belongs to another search. Search again from the first page.', zh: '该页结果不属于当前查询，请重新查询。' },
} as const;

export type GatewayErrorCode = keyof typeof GATEWAY_ERRORS;

export class GatewayError extends Error {
  readonly status: number;
  readonly error: string;
  readonly reasonZh: string;
  constructor(
    readonly code: GatewayErrorCode,
    readonly detail?: string,
  ) {
    const entry = GATEWAY_ERRORS[code];
    super(entry.en);
    this.status = entry.status;
    this.error = entry.error;
    this.reasonZh = entry.zh;
  }

  toBody(): ErrorBody {
    return errorBody(this.code, this.error, this.message, this.reasonZh, this.detail);
  }
}

export interface ErrorBody {
  error: string;
  code: string;
  reason: string;
  reason_zh: string;
  detail?: string;
}

function errorBody(code: string, error: string, reason: string, reasonZh: string, detail: string | undefined): ErrorBody {
  return detail === undefined ? { error, code, reason, reason_zh: reasonZh } : { error, code, reason, reason_zh: reasonZh, detail };
}

/** A rule refusal as one row of a `_bulk_docs` answer. */
export function ruleRefusalBody(code: RuleErrorCode, detail: string): ErrorBody {
  const entry = RULE_ERRORS[code];
  return errorBody(code, 'forbidden', entry.en, entry.zh, detail);
}
