import { css, html, LitElement, nothing } from 'lit';
import type { WorkCalendar } from '../../../schemas/rules/calendar.ts';
import { availableSteps, type AvailableStep } from '../../../schemas/rules/available-steps.ts';
import { supervisionItem, type CaseState } from '../../../schemas/rules/case-state.ts';
import type { FollowStepType } from '../../../schemas/rules/case-step.ts';
import { foldCase } from '../../../schemas/rules/fold.ts';
import { replyDueMs } from '../../../schemas/rules/follow-up-deadlines.ts';
import { unitTreeOf } from '../../../schemas/rules/unit-tree.ts';
import type { Actor, CaseDoc, CaseEvent, ServiceItem, Unit } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { asksFor, asksNote, asksWorker, DELIVERY_MODES, namesUnit, needsConfirmation, REPLY_DAY_CHOICES, requiresNote } from '../domain/step-controls.ts';
import { formatDate, pick, t } from '../i18n/locale.ts';
import type { RatingSubmitted } from './rating-handover.ts';
import { sharedStyles } from './shared-styles.ts';
import './rating-handover.ts';

export interface StepRequested {
  readonly type: FollowStepType;
  readonly data: CaseEvent['data'];
}

/**
 * The steps this unit may take on a case now, exactly as the case-step registry offers them
 * (`availableSteps`): one control per option (the unit a case goes to, the urge a reply answers),
 * with the inputs its data needs. The rating is handed over to the citizen on a locked screen.
 * Emits `step-requested` with the step's data.
 */
export class CaseActions extends LitElement {
  static override properties = {
    doc: { attribute: false }, item: { attribute: false }, actor: { attribute: false }, units: { attribute: false }, calendar: { attribute: false },
    problem: { state: true }, confirming: { state: true }, handingOver: { state: true },
  };
  static override styles = [sharedStyles, css`
    section { border-top: 1px solid var(--line); padding-top: .5rem; margin-top: .5rem; }
    .row { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; }
    fieldset { border: 1px solid var(--line); border-radius: 8px; }
    fieldset label { display: flex; gap: .4rem; font-weight: normal; }
    textarea { width: 100%; }
    .caption { margin: .2rem 0 .4rem; }
  `];
  declare doc: CaseDoc | null;
  declare item: ServiceItem | null;
  declare actor: Actor | null;
  declare units: readonly Unit[];
  /** The unit's working-day calendar: reply deadlines are counted in it. */
  declare calendar: WorkCalendar | null;
  declare problem: string;
  /** The step that cannot be undone whose button was pressed: ask to confirm before emitting. */
  declare confirming: FollowStepType | null;
  /** The rating screen is with the citizen. */
  declare handingOver: boolean;

  constructor() {
    super();
    this.doc = null;
    this.item = null;
    this.actor = null;
    this.units = [];
    this.calendar = null;
    this.problem = '';
    this.confirming = null;
    this.handingOver = false;
    new LocaleController(this);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const before = changed.get('doc') as CaseDoc | null | undefined;
    if (changed.has('doc') && before?.id !== this.doc?.id) {
      this.problem = '';
      this.confirming = null;
      this.handingOver = false;
    }
  }

  override render() {
    const state = this.doc === null ? null : foldCase(this.doc.events, this.doc.receipts);
    if (state === null || this.actor === null) return null;
    const steps = availableSteps(state, this.actor, unitTreeOf(this.units));
    return html`${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : null}
      ${steps.map((step) => html`<section data-step=${step.type}>${this.renderStep(step, state)}</section>`)}
      ${this.handingOver ? html`<rating-handover @rating-submitted=${this.rated} @rating-declined=${() => { this.handingOver = false; }}></rating-handover>` : null}`;
  }

  private renderStep(step: AvailableStep, state: CaseState) {
    const { type } = step;
    if (needsConfirmation(type)) return this.renderConfirmed(type, state);
    if (asksFor(type, 'rating')) {
      return html`<button data-action=${type} @click=${() => { this.problem = ''; this.handingOver = true; }}>${t('rating.handover.start')}</button>`;
    }
    if (asksFor(type, 'deliveryMode')) {
      return html`<div class="row" role="group" aria-label=${t(`step.${type}.action`)}>${DELIVERY_MODES.map(({ mode, action }) => html`<button class=${action === '' ? '' : 'secondary'}
        data-action=${`${type}${action}`} @click=${() => this.emit({ type, data: { deliveryMode: mode } })}>${t(`field.deliveryMode.${mode}`)}</button>`)}</div>`;
    }
    if (!asksWorker(type)) {
      return html`<div class="row">${step.options.map((option) => html`<button data-action=${type}
        @click=${() => this.emit({ type, data: { ...option, ...this.fixedData(type, state) } })}>${this.buttonLabel(type, option)}</button>`)}</div>`;
    }
    return step.options.map((option) => this.renderForm(type, option, state));
  }

  /** A button's words: a unit a case goes to reads up or down; anything else is the step's name. */
  private buttonLabel(type: FollowStepType, option: CaseEvent['data']): string {
    const unit = option.toUnitId;
    if (unit === undefined || !namesUnit(type)) return t(`step.${type}.action`);
    const parentId = this.units.find((u) => u.id === this.actor?.unitId)?.parentId;
    return t(unit === parentId ? `step.${type}.up` : `step.${type}.down`, { unit: this.unitName(unit) });
  }

  private renderForm(type: FollowStepType, option: CaseEvent['data'], state: CaseState) {
    const materials = this.item?.materials ?? [];
    const id = (field: string): string => `${type}-${field}${option.replyTo === undefined ? '' : `-${option.replyTo}`}`;
    return html`<form @submit=${(e: SubmitEvent) => this.submit(e, type, option, state)}>
      ${this.caption(type, option, state)}
      ${asksFor(type, 'missing') ? html`<fieldset><legend>${t('field.missing.label')}</legend>
        ${materials.map((m) => html`<label><input type="checkbox" name="missing" value=${m.id} /> ${pick(m.name)}</label>`)}</fieldset>` : nothing}
      ${asksFor(type, 'replyDays') ? html`<label for=${id('replyDays')}>${t('field.replyDays.label')}</label>
        <select id=${id('replyDays')} name="replyDays">${REPLY_DAY_CHOICES.map((days) => html`<option value=${days}>${t('field.replyDays.option', { n: days })}</option>`)}</select>` : nothing}
      ${asksNote(type) ? html`<label for=${id('note')}>${t(`step.${type}.note`)}</label>
        <textarea id=${id('note')} name="note" rows="2" maxlength="1000"></textarea>` : nothing}
      <button type="submit" data-action=${type}>${t(`step.${type}.action`)}</button>
    </form>`;
  }

  /** What the option is about: the unit it names, or the urge it answers and by when. */
  private caption(type: FollowStepType, option: CaseEvent['data'], state: CaseState) {
    if (option.toUnitId !== undefined && namesUnit(type)) return html`<p class="caption">${this.buttonLabel(type, option)}</p>`;
    const item = supervisionItem(state, option.replyTo);
    if (item === undefined) return nothing;
    const due = this.calendar === null ? null : replyDueMs(item, this.calendar);
    return html`<p class="caption" data-answers=${item.eventId}>${t(item.kind === 'urge' ? 'supervision.urgeFrom' : 'supervision.superviseFrom', { unit: this.unitName(item.openedBy) })}: ${item.note}
      ${due === null ? nothing : html`<span class="muted">· ${t('supervision.replyBy', { date: formatDate(due) })}</span>`}</p>`;
  }

  private renderConfirmed(type: FollowStepType, state: CaseState) {
    if (this.confirming !== type) {
      return html`<button class="secondary" data-action=${type} @click=${() => { this.problem = ''; this.confirming = type; }}>${t(`step.${type}.action`)}</button>`;
    }
    if (!needsConfirmation(type)) return nothing;
    return html`<form @submit=${(e: SubmitEvent) => this.submit(e, type, {}, state)}>
      <p role="alert">${t(`step.${type}.confirm`)}</p>
      ${asksNote(type) ? html`<label for=${`${type}-note`}>${t(`step.${type}.note`)}</label>
        <textarea id=${`${type}-note`} name="note" rows="2" maxlength="1000"></textarea>` : nothing}
      <div class="row">
        <button type="submit" data-action=${`${type}-confirm`}>${t(`step.${type}.confirmYes`)}</button>
        <button type="button" class="secondary" data-action=${`${type}-cancel`} @click=${() => { this.confirming = null; }}>${t('action.cancel')}</button>
      </div>
    </form>`;
  }

  private unitName(id: string): string {
    return pick(this.units.find((u) => u.id === id)?.name) || id;
  }

  /** Data the step carries that the worker does not type: the materials the case is waiting for. */
  private fixedData(type: FollowStepType, state: CaseState): CaseEvent['data'] {
    return asksFor(type, 'provided') ? { provided: [...state.missingMaterials] } : {};
  }

  private submit(e: SubmitEvent, type: FollowStepType, option: CaseEvent['data'], state: CaseState): void {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const data: CaseEvent['data'] = { ...option, ...this.fixedData(type, state) };
    if (asksFor(type, 'missing')) {
      const missing = form.getAll('missing').map(String);
      if (missing.length === 0) {
        this.problem = t('field.missing.none');
        return;
      }
      data.missing = missing;
    }
    if (asksFor(type, 'replyDays')) data.replyDays = Number(form.get('replyDays') ?? REPLY_DAY_CHOICES[0]);
    const note = String(form.get('note') ?? '').trim();
    if (note !== '') data.note = note;
    else if (requiresNote(type)) {
      this.problem = t(`step.${type}.noteRequired`);
      return;
    }
    this.confirming = null;
    this.emit({ type, data });
  }

  private readonly rated = (e: CustomEvent<RatingSubmitted>): void => {
    this.handingOver = false;
    const { rating, comment } = e.detail;
    this.emit({ type: 'rate', data: { rating, via: 'handover', ...(comment === '' ? {} : { note: comment }) } });
  };

  private emit(step: StepRequested): void {
    this.problem = '';
    this.dispatchEvent(new CustomEvent('step-requested', { detail: step, bubbles: true, composed: true }));
  }
}
customElements.define('case-actions', CaseActions);

declare global {
  interface HTMLElementTagNameMap {
    'case-actions': CaseActions;
  }
}
