import { css, html, LitElement } from 'lit';
import type { PublicCaseAnswer } from '../../../schemas/api/public-case.schema.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { ratingLevel } from '../domain/case-view.ts';
import { stepsByUnit, type PublicStepEntry } from '../domain/public-page.ts';
import { formatDate, formatTime, pick, t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';

export interface RatingSubmitted {
  readonly rating: number;
  readonly note: string;
}

const RATINGS = [5, 4, 3, 2, 1] as const;

/**
 * A case as its citizen sees it: item, status, units and dates, what to bring, the progress by
 * unit, and the rating (once). Emits `rating-submitted`.
 */
export class PublicCaseView extends LitElement {
  static override properties = { answer: { attribute: false }, busy: { type: Boolean }, message: { type: String }, chosen: { state: true } };
  static override styles = [sharedStyles, css`
    :host { display: grid; gap: .8rem; }
    .head { display: flex; flex-wrap: wrap; gap: .4rem .8rem; align-items: baseline; justify-content: space-between; }
    .head h2 { margin: 0; font-size: 1.15rem; }
    .status { font-size: 1rem; padding: .1rem .6rem; }
    dl { margin: .6rem 0 0; }
    dd { margin: 0 0 .3rem; }
    .missing { background: #fff3c4; border: 1px solid #e0c05a; border-radius: 8px; padding: .5rem .8rem; margin-top: .6rem; }
    .missing ul { margin: .3rem 0 0; padding-left: 1.2rem; }
    ol.units { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--line); }
    ol.units > li { padding: .1rem 0 .6rem .9rem; position: relative; }
    ol.units > li::before { content: ''; position: absolute; left: -.45rem; top: .45rem; width: .6rem; height: .6rem; border-radius: 50%; background: var(--red); }
    ol.units ul { list-style: none; padding: 0; margin: .1rem 0 0; }
    .note { white-space: pre-wrap; color: var(--ink); }
    .choices { display: grid; grid-template-columns: repeat(auto-fit, minmax(7.5rem, 1fr)); gap: .4rem; margin: .5rem 0; }
    .choices button { background: #fff; color: var(--ink); border-color: var(--line); padding: .5rem; }
    .choices button[aria-pressed='true'] { background: var(--red); color: #fff; border-color: var(--red); }
    textarea { width: 100%; min-height: 4rem; }
    .actions { margin-top: .5rem; }
  `];
  declare answer: PublicCaseAnswer | null;
  declare busy: boolean;
  declare message: string;
  declare chosen: number | null;

  constructor() {
    super();
    this.answer = null;
    this.busy = false;
    this.message = '';
    this.chosen = null;
    new LocaleController(this);
  }

  override render() {
    const a = this.answer;
    if (a === null) return null;
    const underWay = a.dueDate !== null;
    return html`<section class="panel" data-public-case=${a.caseNumber}>
        <div class="head"><h2>${pick(a.item.name)}</h2><span class="badge status" data-status=${a.status}>${t(`status.${a.status}`)}</span></div>
        <dl>
          <dd class="muted">${a.caseNumber} · ${t('public.accepted', { unit: pick(a.acceptedBy), date: formatDate(Date.parse(a.acceptedAt)) })}</dd>
          <dd>${underWay ? t('public.heldBy', { unit: pick(a.heldBy) }) : t('public.decidedBy', { unit: pick(a.heldBy) })}</dd>
          ${a.dueDate === null ? null : html`<dd data-due>${t('public.due', { date: formatDate(Date.parse(`${a.dueDate}T12:00:00+08:00`)) })}</dd>`}
          ${a.clockPaused ? html`<dd class="muted" data-paused>${t('public.paused')}</dd>` : null}
          <dd class="muted">${t('public.applicant', { name: a.applicant.name, id: a.applicant.idNumber, phone: a.applicant.phone })}</dd>
        </dl>
        ${a.missing.length === 0 ? null : html`<div class="missing" role="note" data-missing>${t('public.missing')}<ul>${a.missing.map((m) => html`<li>${pick(m.name)}</li>`)}</ul></div>`}
      </section>
      <section class="panel"><h3>${t('public.timeline')}</h3>
        <ol class="units" data-timeline>${stepsByUnit(a.timeline).map((run) => html`<li><strong>${pick(run.unit)}</strong>
          <ul>${run.steps.map((step) => html`<li data-step=${step.step}>${this.label(step)} <span class="muted">${formatTime(Date.parse(step.at))}</span>
            ${step.note === undefined ? null : html`<div class="note">${step.note}</div>`}</li>`)}</ul></li>`)}</ol>
      </section>
      <section class="panel" data-rating>${this.renderRating(a)}</section>`;
  }

  private renderRating(a: PublicCaseAnswer) {
    if (a.rating.given !== null) return html`<h3>${t('public.rating.heading')}</h3><p data-rated>${t('public.rating.given', { rating: t(`rating.${ratingLevel(a.rating.given)}`) })}</p>${this.message ? html`<p role="status">${this.message}</p>` : null}`;
    if (!a.rating.open) return html`<h3>${t('public.rating.heading')}</h3><p class="muted">${t('public.rating.notYet')}</p>`;
    return html`<h3>${t('public.rating.heading')}</h3><p class="muted">${t('public.rating.intro')}</p>
      <div class="choices" role="group" aria-label=${t('public.rating.heading')}>${RATINGS.map((r) => html`<button type="button" data-rating=${r} aria-pressed=${this.chosen === r ? 'true' : 'false'} @click=${() => { this.chosen = r; }}>${t(`rating.${r}`)}</button>`)}</div>
      <label for="note">${t('public.rating.note')}</label><textarea id="note" maxlength="500"></textarea>
      <div class="actions"><button type="button" data-submit-rating ?disabled=${this.busy} @click=${this.submit}>${this.busy ? t('public.rating.busy') : t('public.rating.submit')}</button></div>
      ${this.message ? html`<p class="error" role="alert">${this.message}</p>` : null}`;
  }

  /** A step's name, as the consoles' timeline names it. */
  private label(step: PublicStepEntry): string {
    if (step.step === 'forward') return t('event.forward', { unit: step.toUnit === undefined ? '' : pick(step.toUnit) });
    if (step.step === 'rate') return t('event.rate', { rating: step.rating === undefined ? '' : t(`rating.${ratingLevel(step.rating)}`) });
    if (step.step === 'pickup' && step.doorToDoor === true) return t('event.pickupDoor');
    return t(`event.${step.step}`, { unit: '', rating: '' });
  }

  private submit(): void {
    if (this.chosen === null) {
      this.message = t('public.rating.choose');
      return;
    }
    const note = this.renderRoot.querySelector<HTMLTextAreaElement>('#note')?.value ?? '';
    this.dispatchEvent(new CustomEvent<RatingSubmitted>('rating-submitted', { detail: { rating: this.chosen, note }, bubbles: true, composed: true }));
  }
}
customElements.define('public-case-view', PublicCaseView);

declare global {
  interface HTMLElementTagNameMap {
    'public-case-view': PublicCaseView;
  }
}
