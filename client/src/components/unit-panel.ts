import { css, html, LitElement, type TemplateResult } from 'lit';
import type { UnitOpenWorkAnswer } from '../../../schemas/api/admin-answers.schema.ts';
import { isClosed, newUnitProblems, unitClosureProblems, type NewUnit } from '../../../schemas/rules/unit-edit.ts';
import type { Unit } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { showProblem, ta, type ShownProblem } from '../i18n/admin-messages.ts';
import { formatTime, pick, t } from '../i18n/locale.ts';
import { viewStyles } from './view-styles.ts';
import './edit-problems.ts';
import { fieldText } from './field-values.ts';

/** The unit being closed, and what stands in its way once the server has answered (null: asking). */
export interface UnitClosing {
  readonly unitId: string;
  readonly standing: UnitOpenWorkAnswer | null;
}

export interface UnitClosureSubmitted {
  readonly unitId: string;
  readonly note: string;
  readonly abandonUnsynced: boolean;
}

interface UnitForm {
  tier: 'community' | 'street';
  parentId: string;
  id: string;
  nameZh: string;
  nameEn: string;
  address: string;
  phone: string;
  calendarId: string;
}

const BLANK: UnitForm = { tier: 'community', parentId: '', id: '', nameZh: '', nameEn: '', address: '', phone: '', calendarId: 'cn-mainland' };

/**
 * The network's units as a tree, closed ones marked; the form to add a community station under a
 * street hall (or a hall under the city); and the closing of a unit, showing what still waits on it.
 * The edit rules run here first, the gateway again. Emits `unit-add-submitted` (`NewUnit`),
 * `unit-closure-opened` ({unitId}), `unit-closure-cancelled` and `unit-closure-submitted`.
 */
export class UnitPanel extends LitElement {
  static override properties = {
    units: { attribute: false },
    calendarIds: { attribute: false },
    closing: { attribute: false },
    revision: { type: Number },
    busy: { type: Boolean },
    problems: { attribute: false },
    form: { state: true },
    note: { state: true },
    abandon: { state: true },
    localProblems: { state: true },
  };
  static override styles = [viewStyles, css`
    ul { list-style: none; padding-left: 1.2rem; margin: 0; }
    .tree > ul { padding-left: 0; }
    li { margin: .2rem 0; }
    li.closed > .unit { color: var(--muted); text-decoration: line-through; }
    form { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: .2rem 1rem; }
    .wide { grid-column: 1 / -1; }
    input, select { width: 100%; }
    .closing { border: 1px solid #e3a19b; background: #fdf0ee; border-radius: 8px; padding: .6rem .8rem; margin: .6rem 0; }
    .closing label.check { display: flex; gap: .4rem; font-weight: normal; }
    .closing label.check input { width: auto; }
    button.small { padding: .1rem .5rem; font-size: .85rem; }
  `];
  declare units: readonly Unit[];
  declare calendarIds: readonly string[];
  declare closing: UnitClosing | null;
  declare revision: number;
  declare busy: boolean;
  declare problems: readonly ShownProblem[];
  declare form: UnitForm;
  declare note: string;
  declare abandon: boolean;
  declare localProblems: readonly ShownProblem[];
  private startedAt = -1;

  constructor() {
    super();
    this.units = [];
    this.calendarIds = [];
    this.closing = null;
    this.revision = 0;
    this.busy = false;
    this.problems = [];
    this.form = { ...BLANK };
    this.note = '';
    this.abandon = false;
    this.localProblems = [];
    new LocaleController(this);
  }

  override willUpdate(): void {
    if (this.revision === this.startedAt) return;
    this.startedAt = this.revision;
    this.form = { ...BLANK, calendarId: this.calendarIds[0] ?? BLANK.calendarId };
    this.note = '';
    this.abandon = false;
    this.localProblems = [];
  }

  override render() {
    const roots = this.units.filter((u) => u.parentId === null);
    return html`<div class="columns">
      <section class="panel tree"><h2>${ta('units.tree')}</h2><ul data-units>${roots.map((u) => this.renderUnit(u))}</ul></section>
      <section class="panel">${this.closing === null ? this.renderAdd() : this.renderClosing(this.closing)}</section>
    </div>`;
  }

  private renderUnit(unit: Unit): TemplateResult {
    const children = this.units.filter((u) => u.parentId === unit.id).sort((a, b) => a.id.localeCompare(b.id));
    const closed = unit.closed;
    return html`<li data-unit=${unit.id} class=${closed === undefined ? '' : 'closed'} data-closed=${closed === undefined ? 'no' : 'yes'}>
      <span class="unit"><strong>${pick(unit.name)}</strong> <span class="muted">${unit.id} · ${t(`tier.${unit.tier}`)}</span></span>
      ${closed === undefined ? (unit.parentId === null ? null : html`<button class="secondary small" data-close=${unit.id} ?disabled=${this.busy} @click=${() => this.emit('unit-closure-opened', { unitId: unit.id })}>${ta('units.close')}</button>`)
        : html`<span class="badge">${ta('units.closed')}</span> <span class="muted">${ta('units.closedOn', { time: formatTime(closed.at), note: closed.note })}</span>`}
      ${children.length > 0 ? html`<ul>${children.map((c) => this.renderUnit(c))}</ul>` : null}</li>`;
  }

  private renderAdd() {
    const f = this.form;
    const parentTier = f.tier === 'community' ? 'street' : 'city';
    const parents = this.units.filter((u) => u.tier === parentTier && !isClosed(u));
    return html`<h2>${ta('units.add')}</h2><p class="muted">${ta('units.addHint')}</p>
      <form @submit=${this.submitAdd} novalidate data-unit-form>
        <div><label for="tier">${ta('admin.field.tier')}</label><select id="tier" @change=${(e: Event) => this.set({ tier: fieldText(e) === 'street' ? 'street' : 'community', parentId: '' })}>
          <option value="community" ?selected=${f.tier === 'community'}>${t('tier.community')}</option>
          <option value="street" ?selected=${f.tier === 'street'}>${t('tier.street')}</option></select></div>
        <div><label for="parentId">${ta('admin.field.parentId')}</label><select id="parentId" @change=${(e: Event) => this.set({ parentId: fieldText(e) })}>
          <option value="" ?selected=${f.parentId === ''}>—</option>
          ${parents.map((p) => html`<option value=${p.id} ?selected=${f.parentId === p.id}>${pick(p.name)}</option>`)}</select></div>
        <div><label for="unitId">${ta('admin.field.id')}</label><input id="unitId" .value=${f.id} placeholder="community-…" @input=${(e: InputEvent) => this.set({ id: fieldText(e) })} /></div>
        <div><label for="calendarId">${ta('admin.field.calendarId')}</label><select id="calendarId" @change=${(e: Event) => this.set({ calendarId: fieldText(e) })}>
          ${this.calendarIds.map((c) => html`<option value=${c} ?selected=${f.calendarId === c}>${c}</option>`)}</select></div>
        <div><label for="unitNameZh">${ta('admin.field.name.zh')}</label><input id="unitNameZh" .value=${f.nameZh} @input=${(e: InputEvent) => this.set({ nameZh: fieldText(e) })} /></div>
        <div><label for="unitNameEn">${ta('admin.field.name.en')}</label><input id="unitNameEn" .value=${f.nameEn} @input=${(e: InputEvent) => this.set({ nameEn: fieldText(e) })} /></div>
        <div><label for="address">${ta('admin.field.address')}</label><input id="address" .value=${f.address} @input=${(e: InputEvent) => this.set({ address: fieldText(e) })} /></div>
        <div><label for="phone">${ta('admin.field.phone')}</label><input id="phone" .value=${f.phone} @input=${(e: InputEvent) => this.set({ phone: fieldText(e) })} /></div>
        <div class="wide"><edit-problems .problems=${this.localProblems.length > 0 ? this.localProblems : this.problems}></edit-problems>
          <button type="submit" ?disabled=${this.busy} data-save>${ta('units.submitAdd')}</button></div>
      </form>`;
  }

  private renderClosing(closing: UnitClosing) {
    const unit = this.units.find((u) => u.id === closing.unitId);
    const name = unit === undefined ? closing.unitId : pick(unit.name);
    const standing = closing.standing;
    if (standing === null) return html`<div class="closing"><h2>${ta('units.closeHeading', { unit: name })}</h2><p class="muted">${ta('units.checking')}</p></div>`;
    // What blocks the closing whatever is typed: the rules with a note and without giving anything up.
    const blocking = unitClosureProblems({ unitId: closing.unitId, note: this.note.trim() === '' ? '—' : this.note, abandonUnsynced: this.abandon }, this.units, standing.openWork, standing.devices).map(showProblem);
    const pending = standing.devices.filter((d) => d.pendingOutbound > 0);
    const shown = this.localProblems.length > 0 ? this.localProblems : this.problems.length > 0 ? this.problems : blocking;
    return html`<div class="closing" data-closing=${closing.unitId}><h2>${ta('units.closeHeading', { unit: name })}</h2>
      ${blocking.length === 0 ? html`<p>${ta('units.closeClear')}</p>` : null}
      <edit-problems .problems=${shown}></edit-problems>
      ${pending.map((d) => html`<p class="muted">${ta('units.devices', { device: d.deviceId, n: d.pendingOutbound })}${d.reportedAt === undefined ? '' : ` · ${formatTime(d.reportedAt)}`}</p>`)}
      <form @submit=${this.submitClosure} novalidate>
        <label for="note">${ta('admin.field.note')}</label><input id="note" .value=${this.note} @input=${(e: InputEvent) => { this.note = fieldText(e); }} />
        ${pending.length > 0 ? html`<label class="check"><input type="checkbox" id="abandon" .checked=${this.abandon} @change=${(e: Event) => { this.abandon = e.target instanceof HTMLInputElement && e.target.checked; }} />${ta('units.abandon')}</label>` : null}
        <p><button type="submit" ?disabled=${this.busy} data-confirm-close>${ta('units.closeSubmit')}</button>
          <button type="button" class="secondary" @click=${() => this.emit('unit-closure-cancelled', {})}>${ta('admin.cancel')}</button></p>
      </form></div>`;
  }

  private set(change: Partial<UnitForm>): void {
    this.form = { ...this.form, ...change };
  }

  private emit(name: string, detail: object): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private readonly submitAdd = (e: SubmitEvent): void => {
    e.preventDefault();
    const f = this.form;
    const unit: NewUnit = {
      id: f.id.trim(),
      name: { zh: f.nameZh.trim(), en: f.nameEn.trim() },
      tier: f.tier,
      parentId: f.parentId === '' ? null : f.parentId,
      calendarId: f.calendarId,
      ...(f.address.trim() === '' ? {} : { address: f.address.trim() }),
      ...(f.phone.trim() === '' ? {} : { phone: f.phone.trim() }),
    };
    this.localProblems = newUnitProblems(unit, this.units, this.calendarIds).map(showProblem);
    if (this.localProblems.length === 0) this.emit('unit-add-submitted', unit);
  };

  private readonly submitClosure = (e: SubmitEvent): void => {
    e.preventDefault();
    const closing = this.closing;
    if (closing === null || closing.standing === null) return;
    const detail: UnitClosureSubmitted = { unitId: closing.unitId, note: this.note.trim(), abandonUnsynced: this.abandon };
    this.localProblems = unitClosureProblems(detail, this.units, closing.standing.openWork, closing.standing.devices).map(showProblem);
    if (this.localProblems.length === 0) this.emit('unit-closure-submitted', detail);
  };
}
customElements.define('unit-panel', UnitPanel);

declare global {
  interface HTMLElementTagNameMap {
    'unit-panel': UnitPanel;
  }
}
