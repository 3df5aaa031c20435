import { css, html, LitElement } from 'lit';
import { calendarYearEditProblems, parseDateList } from '../../../schemas/rules/calendar-edit.ts';
import type { CalendarYear } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { showProblem, ta, type ShownProblem } from '../i18n/admin-messages.ts';
import { viewStyles } from './view-styles.ts';
import './edit-problems.ts';
import { fieldText } from './field-values.ts';

/** What the editor submits: the year as it should be, and the stored year it replaces (null: a new year). */
export interface CalendarYearSubmitted {
  readonly year: CalendarYear;
  readonly basedOn: CalendarYear | null;
}

interface YearForm {
  calendarId: string;
  year: string;
  status: CalendarYear['status'];
  notice: string;
  holidays: string;
  makeupWorkdays: string;
}

function formOf(year: CalendarYear | null, calendarId: string, nowMs: number): YearForm {
  if (year === null) return { calendarId, year: String(new Date(nowMs).getUTCFullYear() + 1), status: 'provisional', notice: '', holidays: '', makeupWorkdays: '' };
  return { calendarId: year.calendarId, year: String(year.year), status: year.status, notice: year.notice, holidays: year.holidays.join('\n'), makeupWorkdays: year.makeupWorkdays.join('\n') };
}

function yearOf(form: YearForm): CalendarYear {
  const calendarId = form.calendarId.trim();
  const year = Number(form.year.trim());
  return { id: `${calendarId}:${form.year.trim()}`, calendarId, year: Number.isInteger(year) ? year : Number.NaN, status: form.status, notice: form.notice.trim(), holidays: parseDateList(form.holidays).sort(), makeupWorkdays: parseDateList(form.makeupWorkdays).sort() };
}

/**
 * The working-day calendars: each calendar year the network has, and the form of the one chosen or
 * of a new year (holidays, 调休 make-up days, published or provisional). The edit rules run here
 * first (with this device's clock; the gateway judges again by its own). Emits
 * `calendar-year-submitted`.
 */
export class CalendarPanel extends LitElement {
  static override properties = {
    years: { attribute: false },
    revision: { type: Number },
    selectedId: { type: String },
    saved: { attribute: false },
    busy: { type: Boolean },
    problems: { attribute: false },
    form: { state: true },
    localProblems: { state: true },
  };
  static override styles = [viewStyles, css`
    ul { list-style: none; margin: .4rem 0; padding: 0; }
    li button { width: 100%; text-align: left; background: #fff; color: var(--ink); border-color: var(--line); margin: .1rem 0; }
    li button[aria-pressed='true'] { border-color: var(--red); background: #fdf0ee; }
    form { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .2rem 1rem; }
    .wide { grid-column: 1 / -1; }
    input, select, textarea { width: 100%; }
    textarea { min-height: 8rem; font-family: monospace; }
  `];
  declare years: readonly CalendarYear[];
  declare revision: number;
  /** The chosen year's id; '' for a new year. */
  declare selectedId: string;
  /** The year as the server stored it at the last save, newer than the local replica until that catches up. */
  declare saved: CalendarYear | null;
  declare busy: boolean;
  declare problems: readonly ShownProblem[];
  declare form: YearForm;
  declare localProblems: readonly ShownProblem[];
  private startedAt = -1;
  private basedOn: CalendarYear | null = null;

  constructor() {
    super();
    this.years = [];
    this.revision = 0;
    this.selectedId = '';
    this.saved = null;
    this.busy = false;
    this.problems = [];
    this.form = formOf(null, 'cn-mainland', Date.now());
    this.localProblems = [];
    new LocaleController(this);
  }

  override willUpdate(): void {
    if (this.revision === this.startedAt) return;
    this.startedAt = this.revision;
    this.basedOn = (this.saved?.id === this.selectedId ? this.saved : null) ?? this.years.find((y) => y.id === this.selectedId) ?? null;
    this.form = formOf(this.basedOn, this.years[0]?.calendarId ?? 'cn-mainland', Date.now());
    this.localProblems = [];
  }

  override render() {
    const sorted = [...this.years].sort((a, b) => a.calendarId.localeCompare(b.calendarId) || b.year - a.year);
    const f = this.form;
    const isNew = this.basedOn === null;
    const draft = yearOf(f);
    return html`<div class="columns">
      <section class="panel"><h2>${ta('calendar.choose')}</h2>
        <button data-new-year @click=${() => this.select('')}>${ta('calendar.newYear')}</button>
        <ul>${sorted.map((y) => html`<li><button data-year=${y.id} aria-pressed=${y.id === this.selectedId ? 'true' : 'false'} @click=${() => this.select(y.id)}>
          <strong>${y.id}</strong> · ${ta(`calendar.status.${y.status}`)}<br /><span class="muted">${ta('calendar.summary', { h: y.holidays.length, m: y.makeupWorkdays.length })}</span></button></li>`)}</ul>
      </section>
      <section class="panel"><h2>${isNew ? ta('calendar.newYear') : draft.id}</h2>
        <form @submit=${this.submit} novalidate data-calendar-form>
          <div><label for="calendarId">${ta('admin.field.calendarId')}</label><input id="calendarId" .value=${f.calendarId} ?readonly=${!isNew} @input=${(e: InputEvent) => this.set({ calendarId: fieldText(e) })} /></div>
          <div><label for="year">${ta('admin.field.year')}</label><input id="year" inputmode="numeric" .value=${f.year} ?readonly=${!isNew} @input=${(e: InputEvent) => this.set({ year: fieldText(e) })} /></div>
          <div><label for="status">${ta('admin.field.status')}</label><select id="status" @change=${(e: Event) => this.set({ status: fieldText(e) === 'published' ? 'published' : 'provisional' })}>
            <option value="published" ?selected=${f.status === 'published'}>${ta('calendar.status.published')}</option>
            <option value="provisional" ?selected=${f.status === 'provisional'}>${ta('calendar.status.provisional')}</option></select></div>
          <div class="wide"><label for="notice">${ta('admin.field.notice')}</label><input id="notice" .value=${f.notice} @input=${(e: InputEvent) => this.set({ notice: fieldText(e) })} /></div>
          <div><label for="holidays">${ta('admin.field.holidays')}</label><textarea id="holidays" .value=${f.holidays} @input=${(e: InputEvent) => this.set({ holidays: fieldText(e) })}></textarea>
            <p class="muted">${ta('calendar.holidaysHint')}</p></div>
          <div><label for="makeupWorkdays">${ta('admin.field.makeupWorkdays')}</label><textarea id="makeupWorkdays" .value=${f.makeupWorkdays} @input=${(e: InputEvent) => this.set({ makeupWorkdays: fieldText(e) })}></textarea>
            <p class="muted">${ta('calendar.makeupHint')}</p></div>
          <p class="wide muted">${ta('calendar.daysHint')} ${ta('calendar.pastHint')}</p>
          <p class="wide" data-summary>${ta('calendar.summary', { h: draft.holidays.length, m: draft.makeupWorkdays.length })}</p>
          <div class="wide"><edit-problems .problems=${this.localProblems.length > 0 ? this.localProblems : this.problems}></edit-problems>
            <button type="submit" ?disabled=${this.busy} data-save>${this.busy ? ta('admin.saving') : ta('admin.save')}</button></div>
        </form></section>
    </div>`;
  }

  private set(change: Partial<YearForm>): void {
    this.form = { ...this.form, ...change };
  }

  private select(id: string): void {
    this.dispatchEvent(new CustomEvent('calendar-selected', { detail: { id }, bubbles: true, composed: true }));
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const year = yearOf(this.form);
    const stored = this.basedOn?.id === year.id ? this.basedOn : (this.years.find((y) => y.id === year.id) ?? null);
    this.localProblems = calendarYearEditProblems(year, stored, Date.now()).map(showProblem);
    if (this.localProblems.length > 0) return;
    const detail: CalendarYearSubmitted = { year, basedOn: this.basedOn };
    this.dispatchEvent(new CustomEvent('calendar-year-submitted', { detail, bubbles: true, composed: true }));
  }
}
customElements.define('calendar-panel', CalendarPanel);

declare global {
  interface HTMLElementTagNameMap {
    'calendar-panel': CalendarPanel;
  }
}
