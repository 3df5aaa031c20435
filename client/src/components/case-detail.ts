import { css, html, LitElement } from 'lit';
import type { Actor, CalendarYear, CaseDoc, ServiceItem, Unit } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { ratingLevel, summarizeCase, type CaseClock, type FollowUpView, type RectificationView } from '../domain/case-view.ts';
import { maskIdNumber } from '../domain/id-number.ts';
import { maskPhone } from '../domain/phone.ts';
import { calendarOfUnit } from '../domain/work-calendar.ts';
import { formatDate, pick, t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';
import './case-actions.ts';
import './case-materials.ts';
import './case-timeline.ts';

/**
 * One case: its summary (applicant masked), its time limit, the urges and the rectification it
 * carries, the steps this unit may take, and its timeline. Deadlines count in the accepting unit's
 * calendar.
 */
export class CaseDetail extends LitElement {
  static override properties = {
    doc: { attribute: false },
    item: { attribute: false },
    units: { attribute: false },
    calendars: { attribute: false },
    actor: { attribute: false },
    message: { type: String },
    readonly: { type: Boolean },
  };
  static override styles = [sharedStyles, css`
    :host { display: block; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; margin: 0; }
    dt { color: var(--muted); } dd { margin: 0; }
    header { display: flex; justify-content: space-between; align-items: baseline; gap: .5rem; }
    .num { font-family: ui-monospace, monospace; }
    .ok { color: var(--ok); }
    ul.follow-ups { list-style: none; padding: 0; margin: .3rem 0; }
    ul.follow-ups li { border-left: 3px solid var(--line); padding: .1rem .5rem; margin-bottom: .3rem; }
    ul.follow-ups li.late { border-left-color: var(--red); }
  `];
  declare doc: CaseDoc | null;
  declare item: ServiceItem | null;
  declare units: readonly Unit[];
  /** The calendar years the city maintains (every calendar). */
  declare calendars: readonly CalendarYear[];
  /** Who looks at it: decides which steps are offered. */
  declare actor: Actor | null;
  declare message: string;
  declare readonly: boolean;

  constructor() {
    super();
    this.doc = null;
    this.item = null;
    this.units = [];
    this.calendars = [];
    this.actor = null;
    this.message = '';
    this.readonly = false;
    new LocaleController(this);
  }

  override render() {
    const doc = this.doc;
    if (doc === null) return null;
    const calendar = calendarOfUnit(doc.acceptedUnitId, this.units, this.calendars);
    const s = summarizeCase(doc, Date.now(), calendar);
    const unitNames = new Map(this.units.map((u) => [u.id, pick(u.name)]));
    const materialNames = new Map((this.item?.materials ?? []).map((m) => [m.id, pick(m.name)]));
    return html`<article class="panel" data-case-detail=${s.caseNumber}>
      <header><h2><span class="num">${s.caseNumber}</span></h2><button class="secondary" @click=${this.close}>${t('case.close')}</button></header>
      <dl>
        <dt>${t('case.item')}</dt><dd>${this.item === null ? s.itemCode : pick(this.item.name)}</dd>
        <dt>${t('case.status')}</dt><dd><span class="badge" data-status=${s.status}>${t(`status.${s.status}`)}</span>
          ${s.warning === 'none' ? null : html`<span class="badge ${s.warning}">${t(s.warning === 'red' ? 'warning.red' : 'warning.yellow')}</span>`}</dd>
        <dt>${t('case.applicant')}</dt><dd>${s.applicant === null ? '—' : `${s.applicant.name} · ${maskIdNumber(s.applicant.idNumber)} · ${maskPhone(s.applicant.phone)}`}</dd>
        <dt>${t('case.accepted')}</dt><dd>${unitNames.get(s.acceptedUnitId) ?? s.acceptedUnitId}</dd>
        <dt>${t('case.decisionTier')}</dt><dd>${t(`tier.${s.decisionTier}`)}</dd>
        <dt>${t('case.holder')}</dt><dd>${unitNames.get(s.holderUnitId) ?? s.holderUnitId}</dd>
        ${s.clock === null ? null : html`<dt>${t('clock.heading')}</dt><dd data-clock>${renderClock(s.clock)}</dd>`}
        ${s.rating === null ? null : html`<dt>${t('case.rating')}</dt><dd>${t(`rating.${ratingLevel(s.rating)}`)}</dd>`}
      </dl>
      ${s.openFollowUps.length === 0 ? null : html`<h3>${t('supervision.heading')}</h3>
        <ul class="follow-ups" data-follow-ups>${s.openFollowUps.map((f) => this.renderFollowUp(f, unitNames))}</ul>`}
      ${s.rectification === null ? null : renderRectification(s.rectification)}
      <case-materials .doc=${doc} .item=${this.item} ?printable=${!this.readonly && this.actor?.unitId === s.acceptedUnitId}></case-materials>
      ${s.conflictCount > 0 ? html`<p class="error">${t('case.conflicts', { n: s.conflictCount })}</p>` : null}
      ${this.message ? html`<p class="ok" role="status">${this.message}</p>` : null}
      ${this.readonly ? null : html`<case-actions .doc=${doc} .item=${this.item} .units=${this.units} .actor=${this.actor} .calendar=${calendar}></case-actions>`}
      <case-timeline .doc=${doc} .unitNames=${unitNames} .materialNames=${materialNames}></case-timeline>
    </article>`;
  }

  private renderFollowUp(f: FollowUpView, unitNames: ReadonlyMap<string, string>) {
    const opener = unitNames.get(f.item.openedBy) ?? f.item.openedBy;
    return html`<li class=${f.replyLate ? 'late' : ''} data-follow-up=${f.item.kind} ?data-late=${f.replyLate}>
      <strong>${t(f.item.kind === 'urge' ? 'supervision.urgeFrom' : 'supervision.superviseFrom', { unit: opener })}</strong>: ${f.item.note}
      <span class="muted">· ${t('supervision.replyBy', { date: formatDate(f.replyDueMs) })}</span>
      ${f.replyLate ? html`<span class="badge red">${t('supervision.late')}</span>` : null}
      ${f.item.reply === null ? null : html`<div>${t('supervision.replied', { note: f.item.reply.note })}</div>`}
    </li>`;
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('case-closed', { bubbles: true, composed: true }));
  }
}
customElements.define('case-detail', CaseDetail);

function renderClock(clock: CaseClock) {
  const left = clock.remainingWorkingDays;
  const tone = left < 0 ? 'red' : left <= 2 ? 'yellow' : '';
  return html`${t('clock.dueOn', { date: formatDate(clock.promisedDueMs) })} ·
    <span class="badge ${tone}" data-remaining=${left}>${left < 0 ? t('clock.overdue', { n: -left }) : left === 0 ? t('clock.dueToday') : t('clock.remaining', { n: left })}</span>
    ${clock.pausedSinceMs === null || clock.pauseReason === null ? null : html`<div class="muted" data-paused>${t(`clock.paused.${clock.pauseReason}`, { date: formatDate(clock.pausedSinceMs) })}</div>`}`;
}

/** Where the rectification stands: the next thing its unit records, or when it closed. */
function renderRectification(view: RectificationView) {
  const r = view.rectification;
  const stage = r.closedAtMs !== null ? t('rectification.stage.closed', { date: formatDate(r.closedAtMs) })
    : r.callbackAtMs === null ? t('rectification.stage.callback')
      : r.actionAtMs === null ? t('rectification.stage.rectify') : t('rectification.stage.close');
  return html`<h3>${t('rectification.heading')}</h3>
    <p data-rectification=${view.open ? 'open' : 'closed'} ?data-late=${view.late}>
      ${t('rectification.opened', { rating: t(`rating.${ratingLevel(r.rating)}`), date: formatDate(r.openedAtMs) })} ·
      ${stage}${view.open ? html` · <span class="muted">${t('rectification.due', { date: formatDate(view.dueMs) })}</span>` : null}
      ${view.late ? html` <span class="badge red">${t('rectification.late')}</span>` : null}
    </p>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'case-detail': CaseDetail;
  }
}
