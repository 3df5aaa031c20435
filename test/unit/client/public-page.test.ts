import { describe, expect, it } from 'vitest';
import { isPublicPagePath, lookupFromFragment, stepsByUnit, type PublicStepEntry } from '../../../client/src/domain/public-page.ts';

const station = { zh: '杏花村社区服务站', en: 'Xinghuacun Community Service Station' };
const street = { zh: '三孝口街道便民服务中心', en: 'Sanxiaokou Street Service Hall' };
const step = (s: PublicStepEntry['step'], unit: PublicStepEntry['unit']): PublicStepEntry => ({ step: s, at: '2026-03-02T02:00:00.000Z', unit });

describe('the citizen\'s page in the app', () => {
  it('lives at /public, and nowhere else', () => {
    for (const path of ['/public', '/public/', '/public/anything']) expect(isPublicPagePath(path), path).toBe(true);
    for (const path of ['/', '/publication', '/api/public/cases/x', '/Public']) expect(isPublicPagePath(path), path).toBe(false);
  });

  it('takes a number and code from the fragment, which never reaches a server', () => {
    expect(lookupFromFragment('#n=LD20260315ABCDEF&code=123456')).toEqual({ number: 'LD20260315ABCDEF', code: '123456' });
    expect(lookupFromFragment('')).toEqual({ number: '', code: '' });
  });

  it('groups the timeline into runs of one unit\'s steps, in order', () => {
    const runs = stepsByUnit([step('accept', station), step('forward', station), step('approve', street), step('pickup', station), step('rate', station)]);
    expect(runs.map((r) => [r.unit.en, r.steps.map((s) => s.step)])).toEqual([
      [station.en, ['accept', 'forward']],
      [street.en, ['approve']],
      [station.en, ['pickup', 'rate']],
    ]);
  });
});
