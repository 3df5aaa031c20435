import { css, html, LitElement } from 'lit';
import type { CaseDoc, CaseEventType, ServiceItem, Tier, Unit } from '../../../schemas/types.ts';
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
  static override properties = { doc: { attribute: false }, item: { attribute: false }, unitId: { type: String }, tier: { type: String }, units: { attribute: false }, problem: { state: true } };
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

  constructor() {
    super();
    this.doc = null;
    this.item = null;
    this.unitId = '';
    this.tier = 'community';
    this.units = [];
    this.problem = '';
    new LocaleController(this);
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
      </section>` : null}
      ${(isHolder || isAcceptor) && s.status === 'supplement_requested' ? html`<section class="row">
        <button data-action="supplement" @click=${() => this.emit({ type: 'supplement', data: { provided: [...s.missingMaterials] } })}>${t('action.supplement')}</button>
      </section>` : null}
      ${isAcceptor && (s.status === 'approved' || s.status === 'refused') ? html`<section class="row">
        <button data-action="pickup" @click=${() => this.emit({ type: 'pickup', data: { deliveryMode: 'station' } })}>${t('action.pickup')}</button>
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

  private rate(e: SubmitEvent): void {
    e.preventDefault();
    const rating = Number(new FormData(e.target as HTMLFormElement).get('rating') ?? 5);
    this.emit({ type: 'rate', data: { rating } });
  }
}
customElements.define('case-actions', CaseActions);

declare global {
  interface HTMLElementTagNameMap {
    'case-actions': CaseActions;
  }
}
