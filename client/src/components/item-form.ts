import { css, html, LitElement } from 'lit';
import { draftOfItem, itemDraftProblems, newMaterialId, normalizedDraft, type ItemDraft } from '../../../schemas/rules/item-edit.ts';
import type { ServiceItem, Tier } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { showProblem, ta, type ShownProblem } from '../i18n/admin-messages.ts';
import { t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';
import './edit-problems.ts';
import { fieldChecked, fieldText } from './field-values.ts';

const TIERS: readonly Tier[] = ['community', 'street', 'city'];
const MODES = ['appointment', 'door_to_door', 'extended_hours', 'green_channel'] as const;
type Mode = (typeof MODES)[number];

/** What the editor submits: the item as written, and the stored item it changes (null: a new item). */
export interface ItemSubmitted {
  readonly draft: ItemDraft;
  readonly basedOn: ServiceItem | null;
}

/** A new item's form, pre-filled with what most items have. */
function blankDraft(): ItemDraft {
  return {
    code: '',
    name: { zh: '', en: '' },
    keywords: [],
    category: { zh: '', en: '' },
    decisionTier: 'street',
    acceptTiers: ['community', 'street'],
    materials: [{ id: 'id-card', name: { zh: '申请人居民身份证', en: "Applicant's resident ID card" }, originals: 1, copies: 1 }],
    legalDays: 20,
    promisedDays: 10,
    kind: 'commitment',
    feeYuan: 0,
    guide: { zh: '', en: '' },
    modes: [],
  };
}

/** Keywords as typed: one per line, or separated by 、 , ， ; ；. */
function keywordList(text: string): string[] {
  return text.split(/[\n、,，;；]+/).map((k) => k.trim()).filter((k) => k !== '');
}

/**
 * One service item's form: a new item (`item` null) or a change of a stored one. The edit rules run
 * here before anything is sent (the gateway runs them again); the pinyin initials are made by the
 * server. `revision`: the form starts over from `item` whenever it changes. Emits `item-submitted`.
 */
export class ItemForm extends LitElement {
  static override properties = {
    item: { attribute: false },
    codes: { attribute: false },
    revision: { type: Number },
    busy: { type: Boolean },
    serverProblems: { attribute: false },
    draft: { state: true },
    feeText: { state: true },
    localProblems: { state: true },
  };
  static override styles = [sharedStyles, css`
    form { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .2rem 1rem; }
    .wide { grid-column: 1 / -1; }
    input, select, textarea { width: 100%; }
    textarea { min-height: 4rem; }
    fieldset { border: 1px solid var(--line); border-radius: 8px; margin: .4rem 0; }
    fieldset label { display: inline-flex; gap: .3rem; font-weight: normal; margin-right: .8rem; }
    fieldset label input { width: auto; }
    .material { display: grid; grid-template-columns: 2fr 2fr 6rem 6rem auto; gap: .4rem; align-items: end; margin: .3rem 0; }
    .material label { display: flex; flex-direction: column; gap: .15rem; margin: 0; font-weight: normal; font-size: .85rem; }
    .material input { width: 100%; }
    .notice { font-size: .85rem; color: var(--warn); }
    .actions { display: flex; gap: .5rem; align-items: center; margin-top: .6rem; }
  `];
  declare item: ServiceItem | null;
  declare codes: ReadonlySet<string>;
  declare revision: number;
  declare busy: boolean;
  declare serverProblems: readonly ShownProblem[];
  declare draft: ItemDraft;
  /** The fee as typed: a decimal being typed (`0.`) is no number yet. */
  declare feeText: string;
  declare localProblems: readonly ShownProblem[];
  private startedAt = -1;

  constructor() {
    super();
    this.item = null;
    this.codes = new Set();
    this.revision = 0;
    this.busy = false;
    this.serverProblems = [];
    this.draft = blankDraft();
    this.feeText = '0';
    this.localProblems = [];
    new LocaleController(this);
  }

  override willUpdate(): void {
    if (this.revision !== this.startedAt) {
      this.startedAt = this.revision;
      this.draft = this.item === null ? blankDraft() : draftOfItem(this.item);
      this.feeText = String(this.draft.feeYuan);
      this.localProblems = [];
    }
  }

  override render() {
    const d = this.draft;
    const isNew = this.item === null;
    const number = (value: number): string => (Number.isFinite(value) ? String(value) : '');
    return html`<h2>${isNew ? ta('catalog.adding') : ta('catalog.editing', { code: d.code })}</h2>
      <form @submit=${this.submit} novalidate data-item-form>
        <div><label for="code">${ta('admin.field.code')}</label><input id="code" .value=${d.code} ?readonly=${!isNew} placeholder="HF-MZ-0009" @input=${(e: InputEvent) => this.set({ code: fieldText(e).toUpperCase() })} /></div>
        <div><label for="nameZh">${ta('admin.field.name.zh')}</label><input id="nameZh" .value=${d.name.zh} @input=${(e: InputEvent) => this.set({ name: { ...d.name, zh: fieldText(e) } })} /></div>
        <div><label for="nameEn">${ta('admin.field.name.en')}</label><input id="nameEn" .value=${d.name.en} @input=${(e: InputEvent) => this.set({ name: { ...d.name, en: fieldText(e) } })} /></div>
        <div><label for="categoryZh">${ta('admin.field.category.zh')}</label><input id="categoryZh" .value=${d.category.zh} @input=${(e: InputEvent) => this.set({ category: { ...d.category, zh: fieldText(e) } })} /></div>
        <div><label for="categoryEn">${ta('admin.field.category.en')}</label><input id="categoryEn" .value=${d.category.en} @input=${(e: InputEvent) => this.set({ category: { ...d.category, en: fieldText(e) } })} /></div>
        <div class="wide"><label for="keywords">${ta('admin.field.keywords')}</label>
          <textarea id="keywords" .value=${(d.keywords ?? []).join('\n')} @change=${(e: Event) => this.set({ keywords: keywordList(fieldText(e)) })}></textarea>
          <p class="muted">${ta('catalog.keywordsHint')}</p></div>
        <div><label for="decisionTier">${ta('admin.field.decisionTier')}</label>
          <select id="decisionTier" .value=${d.decisionTier} @change=${(e: Event) => this.set({ decisionTier: tierOf(fieldText(e)) })}>${TIERS.map((tier) => html`<option value=${tier} ?selected=${d.decisionTier === tier}>${t(`tier.${tier}`)}</option>`)}</select></div>
        <div><label for="kind">${ta('admin.field.kind')}</label>
          <select id="kind" @change=${(e: Event) => this.set({ kind: fieldText(e) === 'instant' ? 'instant' : 'commitment' })}>
            <option value="commitment" ?selected=${d.kind === 'commitment'}>${t('item.kind.commitment')}</option>
            <option value="instant" ?selected=${d.kind === 'instant'}>${t('item.kind.instant')}</option></select></div>
        <div><label for="legalDays">${ta('admin.field.legalDays')}</label><input id="legalDays" type="number" min="0" max="365" .value=${number(d.legalDays)} @input=${(e: InputEvent) => this.set({ legalDays: numeric(e) })} /></div>
        <div><label for="promisedDays">${ta('admin.field.promisedDays')}</label><input id="promisedDays" type="number" min="0" max="365" .value=${number(d.promisedDays)} @input=${(e: InputEvent) => this.set({ promisedDays: numeric(e) })} /></div>
        <div><label for="feeYuan">${ta('admin.field.feeYuan')}</label><input id="feeYuan" inputmode="decimal" .value=${this.feeText} @input=${(e: InputEvent) => { this.feeText = fieldText(e); }} /></div>
        <fieldset class="wide"><legend>${ta('admin.field.acceptTiers')}</legend>
          ${TIERS.map((tier) => html`<label><input type="checkbox" data-accept-tier=${tier} .checked=${d.acceptTiers.includes(tier)} @change=${(e: Event) => this.set({ acceptTiers: toggled(d.acceptTiers, tier, fieldChecked(e), TIERS) })} />${t(`tier.${tier}`)}</label>`)}</fieldset>
        <fieldset class="wide"><legend>${ta('admin.field.modes')}</legend>
          ${MODES.map((mode) => html`<label><input type="checkbox" data-mode=${mode} .checked=${d.modes.includes(mode)} @change=${(e: Event) => this.set({ modes: toggled<Mode>(d.modes, mode, fieldChecked(e), MODES) })} />${t(`mode.${mode}`)}</label>`)}</fieldset>
        <fieldset class="wide" data-materials><legend>${ta('admin.field.materials')}</legend>
          ${d.materials.map((m, i) => html`<div class="material" data-material=${i}>
            <label>${ta('catalog.materialName.zh')}<input class="m-zh" .value=${m.name.zh} @input=${(e: InputEvent) => this.setMaterial(i, { name: { ...m.name, zh: fieldText(e) } })} /></label>
            <label>${ta('catalog.materialName.en')}<input class="m-en" .value=${m.name.en} @input=${(e: InputEvent) => this.setMaterial(i, { name: { ...m.name, en: fieldText(e) } })} /></label>
            <label>${ta('catalog.originals')}<input class="m-originals" type="number" min="0" max="20" .value=${number(m.originals)} @input=${(e: InputEvent) => this.setMaterial(i, { originals: numeric(e) })} /></label>
            <label>${ta('catalog.copies')}<input class="m-copies" type="number" min="0" max="20" .value=${number(m.copies)} @input=${(e: InputEvent) => this.setMaterial(i, { copies: numeric(e) })} /></label>
            <button type="button" class="secondary" title=${ta('catalog.removeMaterial')} aria-label=${ta('catalog.removeMaterial')} @click=${() => this.set({ materials: d.materials.filter((_, j) => j !== i) })}>✕</button></div>`)}
          <button type="button" class="secondary" data-add-material @click=${this.addMaterial}>${ta('catalog.addMaterial')}</button></fieldset>
        <div class="wide"><label for="guideZh">${ta('admin.field.guide.zh')}</label><textarea id="guideZh" .value=${d.guide.zh} @input=${(e: InputEvent) => this.set({ guide: { ...d.guide, zh: fieldText(e) } })}></textarea></div>
        <div class="wide"><label for="guideEn">${ta('admin.field.guide.en')}</label><textarea id="guideEn" .value=${d.guide.en} @input=${(e: InputEvent) => this.set({ guide: { ...d.guide, en: fieldText(e) } })}></textarea></div>
        ${isNew ? null : html`<p class="wide notice">${ta('catalog.rulesNotice')}</p>`}
        <div class="wide"><edit-problems .problems=${this.localProblems.length > 0 ? this.localProblems : this.serverProblems}></edit-problems>
          <div class="actions"><button type="submit" ?disabled=${this.busy} data-save>${this.busy ? ta('admin.saving') : ta('admin.save')}</button></div></div>
      </form>`;
  }

  private set(change: Partial<ItemDraft>): void {
    this.draft = { ...this.draft, ...change };
  }

  private setMaterial(index: number, change: Partial<ItemDraft['materials'][number]>): void {
    this.set({ materials: this.draft.materials.map((m, i) => (i === index ? { ...m, ...change } : m)) });
  }

  private readonly addMaterial = (): void => {
    const id = newMaterialId(this.draft.materials.map((m) => m.id));
    this.set({ materials: [...this.draft.materials, { id, name: { zh: '', en: '' }, originals: 1, copies: 0 }] });
  };

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    // The keywords box commits on change; read it as it stands, in case it still has the focus.
    const keywords = this.renderRoot.querySelector<HTMLTextAreaElement>('#keywords');
    const typed = { ...this.draft, feeYuan: this.feeText.trim() === '' ? Number.NaN : Number(this.feeText.trim()) };
    const draft = normalizedDraft(keywords === null ? typed : { ...typed, keywords: keywordList(keywords.value) });
    const edit = this.item === null ? { mode: 'add' as const } : { mode: 'change' as const, code: this.item.code };
    this.localProblems = itemDraftProblems(draft, edit, this.codes).map(showProblem);
    if (this.localProblems.length > 0) return;
    const detail: ItemSubmitted = { draft, basedOn: this.item };
    this.dispatchEvent(new CustomEvent('item-submitted', { detail, bubbles: true, composed: true }));
  }
}
customElements.define('item-form', ItemForm);

/** A number input's value; an empty or unreadable box is NaN, which the rules name. */
function numeric(e: Event): number {
  const text = fieldText(e).trim();
  return text === '' ? Number.NaN : Number(text);
}

function tierOf(text: string): Tier {
  return TIERS.find((tier) => tier === text) ?? 'street';
}

/** The list with `entry` in or out, in the order of `all`. */
function toggled<T extends string>(list: readonly T[], entry: T, on: boolean, all: readonly T[]): T[] {
  return all.filter((x) => (x === entry ? on : list.includes(x)));
}

declare global {
  interface HTMLElementTagNameMap {
    'item-form': ItemForm;
  }
}
