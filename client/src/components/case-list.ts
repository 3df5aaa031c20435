import { css, html, LitElement } from 'lit';
import type { UnitCalendar } from '../../../schemas/rules/calendar.ts';
import type { CalendarYear, CaseDoc, Unit } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { summarizeCase, type CaseClock } from '../domain/case-view.ts';
import { maskIdNumber } from '../domain/id-number.ts';
import { calendarOfUnit } from '../domain/work-calendar.ts';
import { formatDate, t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';

/**
 * A list of cases, in the order given, with status, warnings, due date, urges, rectification,
 * green-channel and unsynced marks. Emits `case-selected`, `more-requested`.
 */
export class CaseList extends LitElement {
  static override properties = {
    cases: { attribute: false },
    total: { type: Number },
    unitNames: { attribute: false },
    itemNames: { attribute: false },
    units: { attribute: false },
    calendars: { attribute: false },
    selectedId: { type: String },
    heading: { type: String },
  };
  static override styles = [sharedStyles, css`
    ul { list-style: none; padding: 0; margin: 0; }
    li button { width: 100%; text-align: left; background: #fff; color: var(--ink); border-color: var(--line); margin-bottom: .3rem; display: grid; grid-template-columns: 1fr auto; gap: .1rem .6rem; }
    li button[aria-current='true'] { border-color: var(--red); background: #fdf0ee; }
    .num { font-family: ui-monospace, monospace; }
    .badges { text-align: right; }
    .more { margin-top: .4rem; }
    .badge.green { background: #e3f4e8; border-color: #8cc9a0; color: var(--ok); }
  `];
  declare cases: readonly CaseDoc[];
  declare total: number;
  declare unitNames: ReadonlyMap<string, string>;
  declare itemNames: ReadonlyMap<string, string>;
  /** The units and calendar years the device holds: each case's deadline counts in its accepting unit's calendar. */
  declare units: readonly Unit[];
  declare calendars: readonly CalendarYear[];
  declare selectedId: string;
  declare heading: string;

  constructor() {
    super();
    this.cases = [];
    this.total = 0;
    this.unitNames = new Map();
    this.itemNames = new Map();
    this.units = [];
    this.calendars = [];
    this.selectedId = '';
    this.heading = '';
    new LocaleController(this);
  }

  override render() {
    const now = Date.now();
    const calendars = new Map<string, UnitCalendar>();
    const calendarFor = (unitId: string): UnitCalendar => {
      const known = calendars.get(unitId) ?? calendarOfUnit(unitId, this.units, this.calendars);
      calendars.set(unitId, known);
      return known;
    };
    return html`${this.heading ? html`<h2>${this.heading} <span class="muted">${t('list.count', { n: this.total })}</span></h2>` : null}
      ${this.cases.length === 0 ? html`<p class="muted" data-empty>${t('list.empty')}</p>` : null}
      <ul data-case-list>${this.cases.map((doc) => {
        const s = summarizeCase(doc, now, calendarFor(doc.acceptedUnitId));
        return html`<li><button type="button" data-case=${s.caseNumber} aria-current=${s.id === this.selectedId ? 'true' : 'false'} @click=${() => this.select(s.id)}>
          <span><span class="num">${s.caseNumber}</span> · ${this.itemNames.get(s.itemCode) ?? s.itemCode}</span>
          <span class="badges">${doc.greenChannel ? html`<span class="badge green" data-green-channel>${t('case.greenChannel')}</span>` : null}<span class="badge">${t(`status.${s.status}`)}</span>
            ${s.warning === 'none' ? null : html`<span class="badge ${s.warning}">${t(s.warning === 'red' ? 'warning.red' : 'warning.yellow')}</span>`}
            ${s.openFollowUps.length > 0 ? html`<span class="badge ${s.openFollowUps.some((f) => f.replyLate) ? 'red' : ''}" data-follow-up-badge>${t('supervision.badge', { n: s.openFollowUps.length })}</span>` : null}
            ${s.rectification?.open === true ? html`<span class="badge ${s.rectification.late ? 'red' : ''}" data-rectification-badge>${t('rectification.heading')}</span>` : null}
            ${s.unsyncedEvents > 0 ? html`<span class="badge unsynced" data-unsynced>${t('case.unsynced')}</span>` : null}</span>
          <span class="muted">${s.applicant === null ? '' : `${s.applicant.name} · ${maskIdNumber(s.applicant.idNumber)}`}</span>
          <span class="muted">${this.unitNames.get(s.holderUnitId) ?? s.holderUnitId}${s.clock === null ? '' : ` · ${dueLine(s.clock)}`}</span>
        </button></li>`;
      })}</ul>
      ${this.total > this.cases.length ? html`<button class="secondary more" @click=${this.more}>${t('list.more', { shown: this.cases.length, total: this.total })}</button>` : null}`;
  }

  private select(id: string): void {
    this.dispatchEvent(new CustomEvent('case-selected', { detail: { id }, bubbles: true, composed: true }));
  }

  private more(): void {
    this.dispatchEvent(new CustomEvent('more-requested', { bubbles: true, composed: true }));
  }
}
customElements.define('case-list', CaseList);

/** Due date and working days left, in a list line. */
function dueLine(clock: CaseClock): string {
  const left = clock.remainingWorkingDays;
  const remaining = left < 0 ? t('clock.overdue', { n: -left }) : left === 0 ? t('clock.dueToday') : t('clock.remaining', { n: left });
  return `${t('clock.dueOn', { date: formatDate(clock.promisedDueMs) })} · ${remaining}${clock.pausedSinceMs === null ? '' : ` · ${t('clock.pausedShort')}`}`;
}

declare global {
  interface HTMLElementTagNameMap {
    'case-list': CaseList;
  }
}
