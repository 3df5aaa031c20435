import { problemText, type AdminProblem } from '../../schemas/rules/admin-problems.ts';
import { GatewayError, type ErrorBody } from '../errors.ts';

/** One problem of a refused change, as the answer carries it: the field, the rule's code, both languages. */
export interface ProblemBody {
  readonly field: string;
  readonly code: string;
  readonly params?: Readonly<Record<string, string | number>>;
  readonly en: string;
  readonly zh: string;
}

/**
 * A change of the city's administration refused by its rules (422 `ERR_EDIT_REFUSED`), with every
 * problem found, so the console marks each field at once. Nothing was written.
 */
export class EditRefusedError extends GatewayError {
  constructor(readonly problems: readonly AdminProblem[]) {
    super('ERR_EDIT_REFUSED');
  }

  override toBody(): ErrorBody & { problems: ProblemBody[] } {
    return {
      ...super.toBody(),
      problems: this.problems.map((p) => ({ field: p.field, code: p.code, ...(p.params === undefined ? {} : { params: p.params }), en: problemText(p, 'en'), zh: problemText(p, 'zh') })),
    };
  }
}

/** Refuses the change when its rules found any problem. */
export function refuseIfAny(problems: readonly AdminProblem[]): void {
  if (problems.length > 0) throw new EditRefusedError(problems);
}
