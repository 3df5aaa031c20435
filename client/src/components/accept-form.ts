import { css, html, LitElement } from 'lit';
import type { ServiceItem } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { isValidIdNumber, normalizeIdNumber } from '../domain/id-number.ts';
import { isValidPhone, normalizePhone } from '../domain/phone.ts';
import { pick, t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';

export interface CaseAcceptSubmitted {
  readonly applicant: { readonly name: string; readonly idNumber: string; readonly phone: string };
  readonly provided: readonly string[];
  readonly greenChannel: boolean;
  readonly note: string;
}

/**
 * The applicant's details for one item, checked before anything is saved: the ID number's check
 * digit (GB 11643) and the phone. Emits `case-accept-submitted`.
 */
export class AcceptForm extends LitElement {
  static override properties = { item: { attribute: false }, busy: { type: Boolean }, message: { type: String }, error: { type: String }, problems: { state: true } };
  static override styles = [sharedStyles, css`
    input[type=text], input[type=tel], textarea { width: 100%; }
    fieldset { border: 1px solid var(--line); border-radius: 8px; margin: .6rem 0; }
    fieldset label { display: flex; gap: .4rem; font-weight: normal; }
    .ok { color: var(--ok); background: #e9f5ec; border-radius: 8px; padding: .5rem .7rem; }
    button[type=submit] { margin-top: .8rem; }
  `];
  declare item: ServiceItem | null;
  declare busy: boolean;
  declare message: string;
  declare error: string;
  declare problems: Partial<Record<'name' | 'idNumber' | 'phone', string>>;

  constructor() {
    super();
    this.item = null;
    this.busy = false;
    this.message = '';
    this.error = '';
    this.problems = {};
    new LocaleController(this);
  }

  override render() {
    const item = this.item;
    if (item === null) return html`<p class="muted">${t('accept.pick')}</p>`;
    const p = this.problems;
    return html`<form @submit=${this.submit} novalidate>
      <h2>${t('accept.heading')}</h2>
      <label for="name">${t('accept.name')}</label>
      <input id="name" name="name" type="text" autocomplete="off" aria-invalid=${p.name ? 'true' : 'false'} aria-describedby="name-error" />
      ${p.name ? html`<div id="name-error" class="error">${p.name}</div>` : null}
      <label for="idNumber">${t('accept.idNumber')}</label>
      <input id="idNumber" name="idNumber" type="text" inputmode="text" maxlength="18" autocomplete="off" aria-invalid=${p.idNumber ? 'true' : 'false'} aria-describedby="id-error" />
      ${p.idNumber ? html`<div id="id-error" class="error">${p.idNumber}</div>` : null}
      <label for="phone">${t('accept.phone')}</label>
      <input id="phone" name="phone" type="tel" autocomplete="off" aria-invalid=${p.phone ? 'true' : 'false'} aria-describedby="phone-error" />
      ${p.phone ? html`<div id="phone-error" class="error">${p.phone}</div>` : null}
      <fieldset><legend>${t('accept.provided')}</legend>
        ${item.materials.map((m) => html`<label><input type="checkbox" name="provided" value=${m.id} checked /> ${pick(m.name)}</label>`)}
      </fieldset>
      ${item.modes.includes('green_channel') ? html`<label><input type="checkbox" name="greenChannel" /> ${t('accept.green')}</label>` : null}
      <label for="note">${t('accept.note')}</label>
      <textarea id="note" name="note" rows="2" maxlength="1000"></textarea>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
      ${this.message ? html`<p class="ok" role="status" data-accepted>${this.message}</p>` : null}
      <button type="submit" ?disabled=${this.busy}>${this.busy ? t('accept.busy') : item.kind === 'instant' ? t('accept.submitInstant') : t('accept.submit')}</button>
    </form>`;
  }

  /** Clears the fields after a case was saved, so the next citizen starts afresh. */
  reset(): void {
    this.renderRoot.querySelector('form')?.reset();
    this.problems = {};
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const name = String(data.get('name') ?? '').trim();
    const idNumber = normalizeIdNumber(String(data.get('idNumber') ?? ''));
    const phone = normalizePhone(String(data.get('phone') ?? ''));
    const problems: Partial<Record<'name' | 'idNumber' | 'phone', string>> = {};
    if (name === '') problems.name = t('accept.nameRequired');
    if (!isValidIdNumber(idNumber)) problems.idNumber = t('accept.idInvalid');
    if (!isValidPhone(phone)) problems.phone = t('accept.phoneInvalid');
    this.problems = problems;
    if (Object.keys(problems).length > 0) {
      void this.updateComplete.then(() => (this.renderRoot.querySelector('[aria-invalid=true]') as HTMLElement | null)?.focus());
      return;
    }
    const detail: CaseAcceptSubmitted = {
      applicant: { name, idNumber, phone },
      provided: data.getAll('provided').map(String),
      greenChannel: data.get('greenChannel') !== null,
      note: String(data.get('note') ?? '').trim(),
    };
    this.dispatchEvent(new CustomEvent('case-accept-submitted', { detail, bubbles: true, composed: true }));
  }
}
customElements.define('accept-form', AcceptForm);

declare global {
  interface HTMLElementTagNameMap {
    'accept-form': AcceptForm;
  }
}
