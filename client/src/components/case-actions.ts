import { css, html, LitElement } from 'lit';
import type { CaseDoc, CaseEventType, ServiceItem, Tier, Unit } from '../../../schemas/types.ts';
import { isAncestor, unitTreeOf } from '../../../schemas/rules/visibility.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { FINISHED_STATUSES, summarizeCase } from '../domain/case-view.ts';
import { pick, t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';

export interface StepRequested {
  readonly type: Exclude<CaseEventType, 'accept'>;
  readonly data: { toUnitId?: string; missing?: string[]; provided?: string[]; note?: string; rating?: number; deliveryMode?: 'station' | 'door_to_door' };
}

/** The steps this unit may take on a case now. Emits `step-requested` with the step's data. */
export class CaseActions extends LitElement {
  static override properties = {
    doc: { attribute: false }, item: { attribute: false }, unitId: { type: String }, tier: { type: String }, units: { attribute: false }, problem: { state: true }, confirmingWithdraw: { state: true },
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
  declare unitId: string;
  declare tier: Tier;
  declare units: readonly Unit[];
  declare problem: string;
  /** The withdraw button was pressed: ask to confirm before emitting (a withdrawn case cannot go on). */
  declare confirmingWithdraw: boolean;

  constructor() {
    super();
    this.doc = null;
    this.item = null;
    this.unitId = '';
    this.tier = 'community';
    this.units = [];
    this.problem = '';
    this.confirmingWithdraw = false;
    new LocaleController(this);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const before = changed.get('doc') as CaseDoc | null | undefined;
    if (changed.has('doc') && before?.id !== this.doc?.id) {
      this.problem = '';
      this.confirmingWithdraw = false;
    }
  }

  override render() {
    const doc = this.doc;
    if (doc === null) return null;
    const s = summarizeCase(doc, Date.now());
    const isHolder = doc.holderUnitId === this.unitId;
    const isAcceptor = doc.acceptedUnitId === this.unitId;
    const open = s.status === 'accepted' || s.status === 'handling';
    const parent = this.units.find((u) => u.id === this.units.find((me) => me.id === this.unitId)?.parentId);
    const nameOf = (id: string): string => pick(this.units.find((u) => u.id === id)?.name) || id;
    const materials = this.item?.materials ?? [];
    const finished = FINISHED_STATUSES.includes(s.status);
    // The same test the rules apply to urge and supervise: a unit above the accepting station, an unfinished case.
    const superior = this.tier !== 'community' && !finished && isAncestor(this.unitId, doc.acceptedUnitId, unitTreeOf(this.units));
    return html`
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : null}
      ${isHolder && open ? html`<section data-actions="holder">
        <div class="row">
          ${parent !== undefined && s.decisionTier !== this.tier ? html`<button data-action="forward" @click=${() => this.emit({ type: 'forward', data: { toUnitId: parent.id } })}>${t('action.forwardUp', { unit: nameOf(parent.id) })}</button>` : null}
        </div>
        <form @submit=${this.requestSupplement}>
          <fieldset><legend>${t('action.missingLabel')}</legend>
            ${materials.map((m) => html`<label><input type="checkbox" name="missing" value=${m.id} /> ${pick(m.name)}</label>`)}
          </fieldset>
          <button class="secondary" data-action="request_supplement" type="submit">${t('action.requestSupplement')}</button>
        </form>
        ${s.decisionTier === this.tier ? html`<form @submit=${this.decide}>
            <label for="reason">${t('action.refuseReason')}</label>
            <textarea id="reason" name="reason" rows="2" maxlength="1000"></textarea>
            <div class="row">
              <button type="submit" name="decision" value="approve" data-action="approve">${t('action.approve')}</button>
              <button type="submit" name="decision" value="refuse" class="secondary" data-action="refuse">${t('action.refuse')}</button>
            </div>
          </form>` : html`<p class="muted">${t('action.notDecider', { tier: t(`tier.${s.decisionTier}`) })}</p>`}
        <form @submit=${this.suspend}>
          <label for="suspend-note">${t('action.suspendReason')}</label>
          <textarea id="suspend-note" name="note" rows="2" maxlength="1000"></textarea>
          <button type="submit" class="secondary" data-action="suspend">${t('action.suspend')}</button>
        </form>
      </section>` : null}
      ${isHolder && s.status === 'suspended' ? html`<section class="row">
        <button data-action="resume" @click=${() => this.emit({ type: 'resume', data: {} })}>${t('action.resume')}</button>
      </section>` : null}
      ${(isHolder || isAcceptor) && s.status === 'supplement_requested' ? html`<section class="row">
        <button data-action="supplement" @click=${() => this.emit({ type: 'supplement', data: { provided: [...s.missingMaterials] } })}>${t('action.supplement')}</button>
      </section>` : null}
      ${isAcceptor && (s.status === 'approved' || s.status === 'refused') ? html`<section class="row">
        <button data-action="pickup" @click=${() => this.emit({ type: 'pickup', data: { deliveryMode: 'station' } })}>${t('action.pickup')}</button>
        <button class="secondary" data-action="pickup-door" @click=${() => this.emit({ type: 'pickup', data: { deliveryMode: 'door_to_door' } })}>${t('action.pickupDoor')}</button>
      </section>` : null}
      ${isAcceptor && !finished ? html`<section data-actions="withdraw">${this.confirmingWithdraw ? html`<form @submit=${this.withdraw}>
          <p role="alert">${t('action.withdrawConfirm')}</p>
          <label for="withdraw-note">${t('action.withdrawNote')}</label>
          <textarea id="withdraw-note" name="note" rows="2" maxlength="1000"></textarea>
          <div class="row">
            <button type="submit" data-action="withdraw-confirm">${t('action.withdrawYes')}</button>
            <button type="button" class="secondary" data-action="withdraw-cancel" @click=${() => { this.confirmingWithdraw = false; }}>${t('action.cancel')}</button>
          </div>
        </form>` : html`<button class="secondary" data-action="withdraw" @click=${() => { this.problem = ''; this.confirmingWithdraw = true; }}>${t('action.withdraw')}</button>`}
      </section>` : null}
      ${superior ? html`<section data-actions="superior">
        <p class="muted">${t('action.superiorHint')}</p>
        <div class="row"><button data-action="urge" @click=${() => this.emit({ type: 'urge', data: {} })}>${t('action.urge')}</button></div>
        <form @submit=${this.supervise}>
          <label for="supervise-note">${t('action.superviseNote')}</label>
          <textarea id="supervise-note" name="note" rows="2" maxlength="1000"></textarea>
          <button type="submit" class="secondary" data-action="supervise">${t('action.supervise')}</button>
        </form>
      </section>` : null}
      ${isAcceptor && FINISHED_STATUSES.includes(s.status) && s.rating === null ? html`<section><form class="row" @submit=${this.rate}>
        <label for="rating">${t('action.ratingLabel')}</label>
        <select id="rating" name="rating">${[5, 4, 3, 2, 1].map((r) => html`<option value=${r}>${t(r === 5 ? 'rating.5' : r === 4 ? 'rating.4' : r === 3 ? 'rating.3' : r === 2 ? 'rating.2' : 'rating.1')}</option>`)}</select>
        <button type="submit" data-action="rate">${t('action.rate')}</button>
      </form></section>` : null}`;
  }

  private emit(step: StepRequested): void {
    this.problem = '';
    this.dispatchEvent(new CustomEvent('step-requested', { detail: step, bubbles: true, composed: true }));
  }

  private requestSupplement(e: SubmitEvent): void {
    e.preventDefault();
    const missing = new FormData(e.target as HTMLFormElement).getAll('missing').map(String);
    if (missing.length === 0) {
      this.problem = t('action.missingNone');
      return;
    }
    this.emit({ type: 'request_supplement', data: { missing } });
  }

  private decide(e: SubmitEvent): void {
    e.preventDefault();
    const decision = (e.submitter as HTMLButtonElement | null)?.value === 'refuse' ? 'refuse' : 'approve';
    const note = String(new FormData(e.target as HTMLFormElement).get('reason') ?? '').trim();
    if (decision === 'refuse' && note === '') {
      this.problem = t('action.reasonRequired');
      return;
    }
    this.emit({ type: decision, data: note === '' ? {} : { note } });
  }

  private suspend(e: SubmitEvent): void {
    e.preventDefault();
    const note = noteOf(e);
    if (note === '') {
      this.problem = t('action.suspendReasonRequired');
      return;
    }
    this.emit({ type: 'suspend', data: { note } });
  }

  private withdraw(e: SubmitEvent): void {
    e.preventDefault();
    const note = noteOf(e);
    this.confirmingWithdraw = false;
    this.emit({ type: 'withdraw', data: note === '' ? {} : { note } });
  }

  private supervise(e: SubmitEvent): void {
    e.preventDefault();
    const note = noteOf(e);
    if (note === '') {
      this.problem = t('action.superviseNoteRequired');
      return;
    }
    this.emit({ type: 'supervise', data: { note } });
  }

  private rate(e: SubmitEvent): void {
    e.preventDefault();
    const rating = Number(new FormData(e.target as HTMLFormElement).get('rating') ?? 5);
    this.emit({ type: 'rate', data: { rating } });
  }
}
customElements.define('case-actions', CaseActions);

function noteOf(e: SubmitEvent): string {
  return String(new FormData(e.target as HTMLFormElement).get('note') ?? '').trim();
}

declare global {
  interface HTMLElementTagNameMap {
    'case-actions': CaseActions;
  }
}
