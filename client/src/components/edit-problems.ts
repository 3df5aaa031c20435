import { css, html, LitElement } from 'lit';
import { LocaleController } from '../controllers/locale-controller.ts';
import { fieldLabel, ta, type ShownProblem } from '../i18n/admin-messages.ts';
import { sharedStyles } from './shared-styles.ts';

/** What the edit rules (on this device, or the server's) found wrong with a change, each at its field. */
export class EditProblems extends LitElement {
  static override properties = { problems: { attribute: false } };
  static override styles = [sharedStyles, css`ul { margin: .3rem 0; padding-left: 1.2rem; } li { margin: .15rem 0; }`];
  declare problems: readonly ShownProblem[];

  constructor() {
    super();
    this.problems = [];
    new LocaleController(this);
  }

  override render() {
    if (this.problems.length === 0) return null;
    return html`<div class="error" role="alert" data-problems>${ta('admin.problems')}
      <ul>${this.problems.map((p) => html`<li data-problem=${p.code} data-field=${p.field}><strong>${fieldLabel(p.field)}</strong> — ${p.text}</li>`)}</ul></div>`;
  }
}
customElements.define('edit-problems', EditProblems);

declare global {
  interface HTMLElementTagNameMap {
    'edit-problems': EditProblems;
  }
}
