import { css, html, LitElement, nothing } from 'lit';
import { availableSteps, type AvailableStep } from '../../../schemas/rules/available-steps.ts';
import type { CaseState } from '../../../schemas/rules/case-state.ts';
import type { FollowStepType } from '../../../schemas/rules/case-step.ts';
import { foldCase } from '../../../schemas/rules/fold.ts';
import { unitTreeOf } from '../../../schemas/rules/unit-tree.ts';
import type { Actor, CaseDoc, CaseEvent, ServiceItem, Unit } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { asksFor, asksNote, DELIVERY_MODES, namesUnit, needsConfirmation, requiresNote } from '../domain/step-controls.ts';
import { pick, t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';

export interface StepRequested {
  readonly type: FollowStepType;
  readonly data: CaseEvent['data'];
}

const RATINGS = [5, 4, 3, 2, 1] as const;

/**
 * The steps this unit may take on a case now, exactly as the case-step registry offers them
 * (`availableSteps`), each with the inputs its data needs. Emits `step-requested` with the data.
 */
export class CaseActions extends LitElement {
  static override properties = {
    doc: { attribute: false }, item: { attribute: false }, actor: { attribute: false }, units: { attribute: false }, problem: { state: true }, confirming: { state: true },
  };
  static override styles = [sharedStyles, css`
    section { border-top: 1px solid var(--line); padding-top: .5rem; margin-top: .5rem; }
    .row { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; }
    fieldset { border: 1px solid var(--line); border-radius: 8px; }
    fieldset label { display: flex; gap: .4rem; font-weight: normal; }
    textarea { width: 100%; }
  `];
  declare doc: CaseDoc | null;
  declare item: ServiceItem | null;
  declare actor: Actor | null;
  declare units: readonly Unit[];
  declare problem: string;
  /** The step that cannot be undone whose button was pressed: ask to confirm before emitting. */
  declare confirming: FollowStepType | null;

  constructor() {
    super();
    this.doc = null;
    this.item = null;
    this.actor = null;
    this.units = [];
    this.problem = '';
    this.confirming = null;
    new LocaleController(this);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const before = changed.get('doc') as CaseDoc | null | undefined;
    if (changed.has('doc') && before?.id !== this.doc?.id) {
      this.problem = '';
      this.confirming = null;
    }
  }

  override render() {
    const state = this.doc === null ? null : foldCase(this.doc.events, this.doc.receipts);
    if (state === null || this.actor === null) return null;
    const steps = availableSteps(state, this.actor, unitTreeOf(this.units));
    return html`${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : null}
      ${steps.map((step) => html`<section data-step=${step.type}>${this.renderStep(step, state)}</section>`)}`;
  }

  private renderStep(step: AvailableStep, state: CaseState) {
    const { type } = step;
    if (needsConfirmation(type)) {
      if (this.confirming !== type) {
        return html`<button class="secondary" data-action=${type} @click=${() => { this.problem = ''; this.confirming = type; }}>${t(`step.${type}.action`)}</button>`;
      }
      return html`<form @submit=${(e: SubmitEvent) => this.submit(e, type, state)}>
        <p role="alert">${t(`step.${type}.confirm`)}</p>
        ${this.noteInput(type)}
        <div class="row">
          <button type="submit" data-action=${`${type}-confirm`}>${t(`step.${type}.confirmYes`)}</button>
          <button type="button" class="secondary" data-action=${`${type}-cancel`} @click=${() => { this.confirming = null; }}>${t('action.cancel')}</button>
        </div>
      </form>`;
    }
    if (namesUnit(type)) {
      const parentId = this.units.find((u) => u.id === this.actor?.unitId)?.parentId;
      return html`<div class="row" role="group" aria-label=${t(`step.${type}.action`)}>${step.targets.map((toUnitId) => html`<button data-action=${type}
        @click=${() => this.emit({ type, data: { toUnitId } })}>${t(toUnitId === parentId ? `step.${type}.up` : `step.${type}.down`, { unit: this.unitName(toUnitId) })}</button>`)}</div>`;
    }
    if (asksFor(type, 'deliveryMode')) {
      return html`<div class="row" role="group" aria-label=${t(`step.${type}.action`)}>${DELIVERY_MODES.map(({ mode, action }) => html`<button class=${action === '' ? '' : 'secondary'}
        data-action=${`${type}${action}`} @click=${() => this.emit({ type, data: { deliveryMode: mode } })}>${t(`field.deliveryMode.${mode}`)}</button>`)}</div>`;
    }
    const materials = this.item?.materials ?? [];
    const form = asksNote(type) || asksFor(type, 'missing') || asksFor(type, 'rating');
    if (!form) return html`<button data-action=${type} @click=${() => this.emit({ type, data: this.fixedData(type, state) })}>${t(`step.${type}.action`)}</button>`;
    return html`<form @submit=${(e: SubmitEvent) => this.submit(e, type, state)}>
      ${asksFor(type, 'missing') ? html`<fieldset><legend>${t('field.missing.label')}</legend>
        ${materials.map((m) => html`<label><input type="checkbox" name="missing" value=${m.id} /> ${pick(m.name)}</label>`)}</fieldset>` : nothing}
      ${asksFor(type, 'rating') ? html`<label for=${`${type}-rating`}>${t('field.rating.label')}</label>
        <select id=${`${type}-rating`} name="rating">${RATINGS.map((r) => html`<option value=${r}>${t(`rating.${r}`)}</option>`)}</select>` : nothing}
      ${this.noteInput(type)}
      <button type="submit" data-action=${type}>${t(`step.${type}.action`)}</button>
    </form>`;
  }

  private noteInput(type: FollowStepType) {
    if (!asksNote(type)) return nothing;
    return html`<label for=${`${type}-note`}>${t(`step.${type}.note`)}</label>
      <textarea id=${`${type}-note`} name="note" rows="2" maxlength="1000"></textarea>`;
  }

  private unitName(id: string): string {
    return pick(this.units.find((u) => u.id === id)?.name) || id;
  }

  /** Data the step carries that the worker does not type: the materials the case is waiting for. */
  private fixedData(type: FollowStepType, state: CaseState): CaseEvent['data'] {
    return asksFor(type, 'provided') ? { provided: [...state.missingMaterials] } : {};
  }

  private submit(e: SubmitEvent, type: FollowStepType, state: CaseState): void {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const data: CaseEvent['data'] = this.fixedData(type, state);
    if (asksFor(type, 'missing')) {
      const missing = form.getAll('missing').map(String);
      if (missing.length === 0) {
        this.problem = t('field.missing.none');
        return;
      }
      data.missing = missing;
    }
    if (asksFor(type, 'rating')) data.rating = Number(form.get('rating') ?? RATINGS[0]);
    const note = String(form.get('note') ?? '').trim();
    if (note !== '') data.note = note;
    else if (requiresNote(type)) {
      this.problem = t(`step.${type}.noteRequired`);
      return;
    }
    this.confirming = null;
    this.emit({ type, data });
  }

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
