import type { ValidateFunction } from 'ajv';
import { caseSearchPageSchema, type CaseSearchPage } from './case-search-page.schema.ts';
import { caseSearchAnswerSchema, type CaseSearchAnswer } from './case-search.schema.ts';
import { errorAnswerSchema, type ErrorAnswer } from './error-answer.schema.ts';
import { indicatorsAnswerSchema, type IndicatorsAnswer } from './indicators.schema.ts';
import { networkOverviewSchema, type NetworkOverviewAnswer } from './network-overview.schema.ts';
import { publicCaseAnswerSchema, type PublicCaseAnswer } from './public-case.schema.ts';
import { sessionAnswerSchema, type SessionAnswer } from './session-answer.schema.ts';
import { storedSessionSchema, type StoredSession } from './stored-session.schema.ts';

/**
 * Every JSON Schema the consoles check what they read against: the API answers and the session
 * kept on the device. One list, so that Node compiles these at run time
 * (`answer-validators.ts`) and the browser build generates exactly these as code
 * (`client/standalone-validators.ts`).
 */
export const ANSWER_SCHEMAS = {
  session: sessionAnswerSchema,
  networkOverview: networkOverviewSchema,
  caseSearch: caseSearchAnswerSchema,
  caseSearchPage: caseSearchPageSchema,
  indicators: indicatorsAnswerSchema,
  publicCase: publicCaseAnswerSchema,
  error: errorAnswerSchema,
  storedSession: storedSessionSchema,
} as const;

/** What each schema describes. */
interface AnswerTypes {
  session: SessionAnswer;
  networkOverview: NetworkOverviewAnswer;
  caseSearch: CaseSearchAnswer;
  caseSearchPage: CaseSearchPage;
  indicators: IndicatorsAnswer;
  publicCase: PublicCaseAnswer;
  error: ErrorAnswer;
  storedSession: StoredSession;
}

export type AnswerName = keyof typeof ANSWER_SCHEMAS;

/** One validator per schema, made (or loaded) on first use. */
export type AnswerValidators = { readonly [N in AnswerName]: () => ValidateFunction<AnswerTypes[N]> };

export const ANSWER_NAMES = Object.keys(ANSWER_SCHEMAS) as AnswerName[];

/**
 * The answers the shell reads before any console opens: the sign-in answer, the session kept on the
 * device, a refusal. Their validators (`session-answer-validators.ts`) travel in the sign-in
 * form's start-up; the rest (`answer-validators.ts`) only an open console or the citizen's page
 * reads, and they load with it.
 */
export const SESSION_ANSWER_NAMES = ['session', 'storedSession', 'error'] as const satisfies readonly AnswerName[];
export type SessionAnswerName = (typeof SESSION_ANSWER_NAMES)[number];
export type ConsoleAnswerName = Exclude<AnswerName, SessionAnswerName>;
export const CONSOLE_ANSWER_NAMES = ANSWER_NAMES.filter((name): name is ConsoleAnswerName => !(SESSION_ANSWER_NAMES as readonly AnswerName[]).includes(name));

export type SessionAnswerValidators = Pick<AnswerValidators, SessionAnswerName>;
export type ConsoleAnswerValidators = Pick<AnswerValidators, ConsoleAnswerName>;
