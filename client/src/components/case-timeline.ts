import { css, html, LitElement } from 'lit';
import type { StepLabel } from '../../../schemas/rules/case-step.ts';
import { CASE_STEPS } from '../../../schemas/rules/case-steps.ts';
import type { CaseDoc, CaseEvent } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { ratingLevel, timelineOf } from '../domain/case-view.ts';
import { formatTime, t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';

/**
 * Every step of a case in the order it took effect: unit, worker, device time, hub receipt time;
 * unsynced steps marked, and a step that lost to one the hub received first marked as such.
 */
export class CaseTimeline extends LitElement {
  static override properties = { doc: { attribute: false }, unitNames: { attribute: false }, materialNames: { attribute: false } };
  static override styles = [sharedStyles, css`
    ol { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--line); }
    li { padding: .2rem 0 .5rem .8rem; position: relative; }
    li::before { content: ''; position: absolute; left: -.45rem; top: .55rem; width: .6rem; height: .6rem; border-radius: 50%; background: var(--red); }
    li.unsynced::before { background: #fff; border: 2px dashed #5470c6; }
    li.lost { color: var(--muted); }
    li.lost strong { text-decoration: line-through; }
    li.lost::before { background: #bbb; }
    .note { white-space: pre-wrap; }
  `];
  declare doc: CaseDoc | null;
  declare unitNames: ReadonlyMap<string, string>;
  declare materialNames: ReadonlyMap<string, string>;

  constructor() {
    super();
    this.doc = null;
    this.unitNames = new Map();
    this.materialNames = new Map();
    new LocaleController(this);
  }

  override render() {
    if (this.doc === null) return null;
    return html`<h3>${t('timeline.heading')}</h3><ol data-timeline>${timelineOf(this.doc).map(({ event, hubReceivedAt, tookEffect }) => html`<li class="${hubReceivedAt === null ? 'unsynced' : 'synced'}${tookEffect ? '' : ' lost'}" data-event=${event.type} ?data-lost=${!tookEffect}>
      <strong>${this.label(event)}</strong>${tookEffect ? null : html` <span class="badge red" data-lost-badge>${t('timeline.lost')}</span>`} · ${this.unitNames.get(event.unitId) ?? event.unitId} · ${t('timeline.worker', { worker: event.workerName ?? event.workerId })}<br />
      <span class="muted">${t('timeline.device', { time: formatTime(Date.parse(event.deviceTime)) })} ·
        ${hubReceivedAt === null ? html`<span class="badge unsynced">${t('timeline.notSynced')}</span>` : t('timeline.hub', { time: formatTime(hubReceivedAt) })}</span>
      ${event.data.missing ? html`<div>${t('case.missing')}: ${event.data.missing.map((m) => this.materialNames.get(m) ?? m).join('、')}</div>` : null}
      ${event.data.note ? html`<div class="note">${event.data.note}</div>` : null}
      ${tookEffect ? null : html`<div class="muted">${t('timeline.lostWhy')}</div>`}
    </li>`)}</ol>`;
  }

  /** The step's name as its registry entry gives it, with the unit or rating it mentions. */
  private label(event: CaseEvent): string {
    const label: StepLabel = CASE_STEPS[event.type].timeline(event);
    return t(CASE_STEPS[event.type].timeline(event).key, {
      unit: label.unitId === undefined ? '' : this.unitNames.get(label.unitId) ?? label.unitId,
      rating: label.rating === undefined ? '' : t(`rating.${ratingLevel(label.rating)}`),
    });
  }
}
customElements.define('case-timeline', CaseTimeline);

declare global {
  interface HTMLElementTagNameMap {
    'case-timeline': CaseTimeline;
  }
}
