import { answerValidators, schemaProblems } from '../../../schemas/api/answer-validators.ts';
import type { IndicatorsAnswer } from '../../../schemas/api/indicators.schema.ts';
import { t } from '../i18n/locale.ts';
import { getJson, SupervisionCallError } from './supervision-api.ts';

/** A period's indicators per unit (`GET /api/indicators?period=2026-11`), checked against their schema. */
export async function fetchIndicators(token: string, periodId: string): Promise<IndicatorsAnswer> {
  const answer = await getJson(`/api/indicators?period=${encodeURIComponent(periodId)}`, token);
  const validate = answerValidators.indicators();
  if (!validate(answer)) throw new SupervisionCallError('invalid', t('answer.invalid', { reason: schemaProblems(validate) }));
  return answer;
}
