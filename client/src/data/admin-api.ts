import type { AccountIssued, AccountSummary, ChangeList, UnitClosedAnswer, UnitOpenWorkAnswer } from '../../../schemas/api/admin-answers.schema.ts';
import { adminAnswerValidators, schemaProblems } from '../../../schemas/api/admin-answer-validators.ts';
import type { ValidateFunction } from 'ajv';
import { schemaFieldsOf } from '../../../schemas/couch-doc.ts';
import type { ItemDraft } from '../../../schemas/rules/item-edit.ts';
import type { NewAccount } from '../../../schemas/rules/account-edit.ts';
import type { NewUnit } from '../../../schemas/rules/unit-edit.ts';
import type { CalendarYear, ServiceItem, Unit } from '../../../schemas/types.ts';
import { showServerProblem, type ShownProblem } from '../i18n/admin-messages.ts';
import { t } from '../i18n/locale.ts';
import { serverRefusal } from './server-refusal.ts';

/**
 * A call of the administration API that did not do what was asked: the server was not reached (or
 * failed), it refused (the words are its reason), the rules found problems (each at its field), or
 * its answer was not of the expected form. Nothing was changed in any of these cases but the first
 * kind, where the console cannot know and says so.
 */
export class AdminCallError extends Error {
  constructor(
    readonly kind: 'offline' | 'refused' | 'problems' | 'invalid',
    message: string,
    readonly problems: readonly ShownProblem[] = [],
  ) {
    super(message);
  }
}

/** One call with the bearer token: the answer's JSON when it succeeded, an `AdminCallError` otherwise. */
async function send(token: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (err) {
    throw new AdminCallError('offline', err instanceof Error ? err.message : String(err));
  }
  const json: unknown = await response.json().catch(() => null);
  if (response.ok) return json;
  const refusal = adminAnswerValidators.editRefusal();
  if (refusal(json)) throw new AdminCallError('problems', serverRefusal(json)?.words ?? json.reason, json.problems.map(showServerProblem));
  throw new AdminCallError(response.status >= 500 ? 'offline' : 'refused', serverRefusal(json)?.words ?? `HTTP ${response.status}`);
}

/** The answer, if it is what its schema says; nothing of it is used otherwise. */
function checked<T>(validate: ValidateFunction<T>, json: unknown): T {
  if (!validate(json)) throw new AdminCallError('invalid', t('answer.invalid', { reason: schemaProblems(validate) }));
  return json;
}

export async function addItem(token: string, item: ItemDraft): Promise<ServiceItem> {
  return checked(adminAnswerValidators.itemSaved(), await send(token, 'POST', '/api/catalog', { item })).item;
}

/** `basedOn`: the item as the editor saw it in the local replica (its schema fields are sent). */
export async function changeItem(token: string, item: ItemDraft, basedOn: ServiceItem): Promise<ServiceItem> {
  return checked(adminAnswerValidators.itemSaved(), await send(token, 'PUT', `/api/catalog/${encodeURIComponent(basedOn.code)}`, { item, basedOn: schemaFieldsOf(basedOn) })).item;
}

export async function setCalendarYear(token: string, year: CalendarYear, basedOn: CalendarYear | null): Promise<CalendarYear> {
  return checked(adminAnswerValidators.calendarYearSaved(), await send(token, 'PUT', `/api/calendars/${encodeURIComponent(year.id)}`, { year, basedOn: basedOn === null ? null : schemaFieldsOf(basedOn) })).year;
}

export async function addUnit(token: string, unit: NewUnit): Promise<Unit> {
  return checked(adminAnswerValidators.unitSaved(), await send(token, 'POST', '/api/units', { unit })).unit;
}

export async function unitOpenWork(token: string, unitId: string): Promise<UnitOpenWorkAnswer> {
  return checked(adminAnswerValidators.unitOpenWork(), await send(token, 'GET', `/api/units/${encodeURIComponent(unitId)}/open-work`));
}

export async function closeUnit(token: string, unitId: string, note: string, abandonUnsynced: boolean): Promise<UnitClosedAnswer> {
  return checked(adminAnswerValidators.unitClosed(), await send(token, 'POST', `/api/units/${encodeURIComponent(unitId)}/closure`, { note, abandonUnsynced }));
}

export async function listAccounts(token: string): Promise<AccountSummary[]> {
  return checked(adminAnswerValidators.accountList(), await send(token, 'GET', '/api/accounts')).accounts;
}

export async function createAccount(token: string, account: NewAccount): Promise<AccountIssued> {
  return checked(adminAnswerValidators.accountIssued(), await send(token, 'POST', '/api/accounts', account));
}

export async function resetPassword(token: string, username: string): Promise<AccountIssued> {
  return checked(adminAnswerValidators.accountIssued(), await send(token, 'POST', `/api/accounts/${encodeURIComponent(username)}/password`, {}));
}

export async function setAccountDisabled(token: string, username: string, disabled: boolean): Promise<void> {
  await send(token, 'POST', `/api/accounts/${encodeURIComponent(username)}/disabled`, { disabled });
}

export async function listChanges(token: string, before: string | null): Promise<ChangeList> {
  return checked(adminAnswerValidators.changeList(), await send(token, 'GET', `/api/changes?limit=50${before === null ? '' : `&before=${encodeURIComponent(before)}`}`));
}
