import { css, html, LitElement } from 'lit';
import { LocaleController } from '../controllers/locale-controller.ts';
import { t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';

export interface RatingSubmitted {
  readonly rating: number;
  readonly comment: string;
}

const LEVELS = [5, 4, 3, 2, 1] as const;

/**
 * The screen the worker hands over so that the citizen rates, not the worker (好差评): a modal
 * dialog over the whole console that only the citizen's answer closes, submitted or declined.
 * Emits `rating-submitted` or `rating-declined`.
 */
export class RatingHandover extends LitElement {
  static override properties = { chosen: { state: true } };
  static override styles = [sharedStyles, css`
    dialog { width: min(40rem, 96vw); max-width: none; border: none; border-radius: 12px; padding: 1.5rem; }
    dialog::backdrop { background: rgba(20, 20, 30, .85); }
    h2 { margin-top: 0; }
    .levels { display: grid; grid-template-columns: repeat(5, 1fr); gap: .5rem; margin: 1rem 0; }
    .levels button { font-size: 1.05rem; padding: 1rem .3rem; background: #fff; color: var(--ink); border: 2px solid var(--line); }
    .levels button[aria-pressed='true'] { border-color: var(--red); background: #fdf0ee; font-weight: bold; }
    textarea { width: 100%; }
    .row { display: flex; gap: .5rem; justify-content: space-between; margin-top: 1rem; }
  `];
  declare chosen: number | null;

  constructor() {
    super();
    this.chosen = null;
    new LocaleController(this);
  }

  override firstUpdated(): void {
    const dialog = this.renderRoot.querySelector('dialog');
    // Escape does not close it: only the citizen's answer does.
    dialog?.addEventListener('cancel', (e) => e.preventDefault());
    dialog?.showModal();
  }

  override render() {
    return html`<dialog data-rating-handover aria-labelledby="rating-title">
      <h2 id="rating-title">${t('rating.handover.title')}</h2>
      <p>${t('rating.handover.intro')}</p>
      <div class="levels" role="group" aria-label=${t('field.rating.label')}>
        ${LEVELS.map((level) => html`<button type="button" data-rating=${level} aria-pressed=${this.chosen === level ? 'true' : 'false'} @click=${() => { this.chosen = level; }}>${t(`rating.${level}`)}</button>`)}
      </div>
      <label for="rating-comment">${t('rating.handover.comment')}</label>
      <textarea id="rating-comment" rows="3" maxlength="1000"></textarea>
      <div class="row">
        <button type="button" class="secondary" data-rating-decline @click=${this.decline}>${t('rating.handover.decline')}</button>
        <button type="button" data-rating-submit ?disabled=${this.chosen === null} @click=${this.submit}>${t('rating.handover.submit')}</button>
      </div>
    </dialog>`;
  }

  private readonly submit = (): void => {
    if (this.chosen === null) return;
    const comment = (this.renderRoot.querySelector<HTMLTextAreaElement>('#rating-comment')?.value ?? '').trim();
    this.close();
    this.dispatchEvent(new CustomEvent<RatingSubmitted>('rating-submitted', { detail: { rating: this.chosen, comment }, bubbles: true, composed: true }));
  };

  private readonly decline = (): void => {
    this.close();
    this.dispatchEvent(new CustomEvent('rating-declined', { bubbles: true, composed: true }));
  };

  private close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }
}
customElements.define('rating-handover', RatingHandover);

declare global {
  interface HTMLElementTagNameMap {
    'rating-handover': RatingHandover;
  }
}
