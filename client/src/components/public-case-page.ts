import { css, html, LitElement } from 'lit';
import type { PublicCaseAnswer } from '../../../schemas/api/public-case.schema.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { fetchPublicCase, PublicCallError, ratePublicCase } from '../data/public-api.ts';
import { lookupFromFragment } from '../domain/public-page.ts';
import { t } from '../i18n/locale.ts';
import type { RatingSubmitted } from './public-case-view.ts';
import { sharedStyles } from './shared-styles.ts';
import './lang-switch.ts';
import './public-case-view.ts';

const CODE_FORM = /^\d{6}$/;

/**
 * The citizen's own page (`/public`): a case by its number and query code, with no sign-in and
 * nothing kept on the phone; sized for a phone first.
 */
export class PublicCasePage extends LitElement {
  static override properties = { answer: { state: true }, busy: { state: true }, error: { state: true }, ratingBusy: { state: true }, ratingMessage: { state: true } };
  static override styles = [sharedStyles, css`
    :host { display: block; min-height: 100vh; }
    header { display: flex; gap: .6rem; align-items: center; justify-content: space-between; padding: .6rem 1rem; background: var(--red); color: #fff; flex-wrap: wrap; }
    header h1 { font-size: 1.1rem; margin: 0; }
    header button.secondary { border-color: #fff; }
    main { max-width: 40rem; margin: 0 auto; padding: 1rem; display: grid; gap: .8rem; }
    form { display: grid; gap: .2rem; }
    input { width: 100%; font-size: 1.05rem; padding: .55rem .6rem; }
    form button { margin-top: .6rem; padding: .6rem; font-size: 1.05rem; }
    p { margin: .2rem 0; }
  `];
  declare answer: PublicCaseAnswer | null;
  declare busy: boolean;
  declare error: string;
  declare ratingBusy: boolean;
  declare ratingMessage: string;
  private lookup = { number: '', code: '' };

  constructor() {
    super();
    this.answer = null;
    this.busy = false;
    this.error = '';
    this.ratingBusy = false;
    this.ratingMessage = '';
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const given = lookupFromFragment(location.hash);
    this.lookup = given;
    if (given.number !== '' && CODE_FORM.test(given.code)) void this.find(given.number, given.code);
  }

  override render() {
    document.title = t('public.title');
    return html`<header><h1>${t('public.title')}</h1><lang-switch></lang-switch></header>
      <main>
        ${this.answer === null ? this.renderForm() : html`<public-case-view .answer=${this.answer} ?busy=${this.ratingBusy} message=${this.ratingMessage} @rating-submitted=${this.rate}></public-case-view>
          <p><button class="secondary" data-again @click=${() => { this.answer = null; this.ratingMessage = ''; }}>${t('public.again')}</button></p>`}
      </main>`;
  }

  private renderForm() {
    return html`<section class="panel"><p class="muted">${t('public.intro')}</p>
      <form @submit=${this.submit} novalidate>
        <label for="number">${t('public.number')}</label>
        <input id="number" name="number" autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder=${t('public.numberPlaceholder')} .value=${this.lookup.number} required maxlength="40" />
        <label for="code">${t('public.code')}</label>
        <input id="code" name="code" inputmode="numeric" autocomplete="off" pattern="[0-9]{6}" maxlength="6" .value=${this.lookup.code} required />
        <button type="submit" ?disabled=${this.busy}>${this.busy ? t('public.busy') : t('public.submit')}</button>
      </form>
      ${this.error ? html`<p class="error" role="alert" data-error>${this.error}</p>` : null}</section>`;
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const number = String(data.get('number') ?? '').trim().toUpperCase();
    const code = String(data.get('code') ?? '').trim();
    this.lookup = { number, code };
    if (!CODE_FORM.test(code)) {
      this.error = t('public.codeForm');
      return;
    }
    void this.find(number, code);
  }

  private async find(number: string, code: string): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      this.answer = await fetchPublicCase(number, code);
    } catch (err) {
      this.error = this.words(err);
    } finally {
      this.busy = false;
    }
  }

  private readonly rate = async (e: CustomEvent<RatingSubmitted>): Promise<void> => {
    this.ratingBusy = true;
    this.ratingMessage = '';
    try {
      this.answer = await ratePublicCase(this.lookup.number, this.lookup.code, e.detail.rating, e.detail.note);
      this.ratingMessage = t('public.rating.thanks');
    } catch (err) {
      this.ratingMessage = this.words(err);
    } finally {
      this.ratingBusy = false;
    }
  };

  private words(err: unknown): string {
    // A refusal carries the server's own words (what happened, what to do); an unreadable answer says so.
    if (err instanceof PublicCallError) return err.kind === 'offline' ? t('public.offline') : err.message;
    return t('public.failed', { reason: err instanceof Error ? err.message : String(err) });
  }
}
customElements.define('public-case-page', PublicCasePage);

declare global {
  interface HTMLElementTagNameMap {
    'public-case-page': PublicCasePage;
  }
}
