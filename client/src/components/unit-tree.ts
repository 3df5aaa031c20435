import { css, html, LitElement, type TemplateResult } from 'lit';
import type { HolderStatusCount } from '../../../schemas/api/network-overview.ts';
import { CASE_STATUSES } from '../../../schemas/json/case.schema.ts';
import { CASE_STATUS_GROUPS } from '../../../schemas/rules/case-status.ts';
import type { Heartbeat, Unit } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { unitHealth } from '../domain/heartbeat-health.ts';
import { formatTime, pick, t } from '../i18n/locale.ts';
import { viewStyles } from './view-styles.ts';


/** The network as a tree: each unit's sync health from heartbeats, and the cases it holds. */
export class UnitTree extends LitElement {
  static override properties = { units: { attribute: false }, heartbeats: { attribute: false }, counts: { attribute: false }, nowMs: { type: Number } };
  static override styles = [viewStyles, css`
    ul { list-style: none; padding-left: 1.2rem; margin: 0; }
    :host > ul { padding-left: 0; }
    li { margin: .15rem 0; }
    .health { display: inline-block; width: .7rem; height: .7rem; border-radius: 50%; margin-right: .3rem; vertical-align: middle; }
    .health.ok { background: var(--ok); } .health.quiet { background: #d9a400; } .health.silent { background: var(--bad); } .health.none { background: #bbb; }
  `];
  declare units: readonly Unit[];
  declare heartbeats: readonly Heartbeat[];
  declare counts: readonly HolderStatusCount[];
  declare nowMs: number;

  constructor() {
    super();
    this.units = [];
    this.heartbeats = [];
    this.counts = [];
    this.nowMs = Date.now();
    new LocaleController(this);
  }

  override render() {
    const roots = this.units.filter((u) => u.parentId === null);
    const byTier = new Map<string, Map<string, number>>();
    const tierOf = new Map(this.units.map((u) => [u.id, u.tier]));
    for (const c of this.counts) {
      const tier = tierOf.get(c.unitId) ?? 'city';
      const m = byTier.get(tier) ?? new Map<string, number>();
      m.set(c.status, (m.get(c.status) ?? 0) + c.count);
      byTier.set(tier, m);
    }
    const total = (status: string): number => this.counts.filter((c) => c.status === status).reduce((n, c) => n + c.count, 0);
    return html`<h2>${t('city.counts')}</h2>
      <table data-counts><thead><tr><th>${t('city.byTier')}</th>${CASE_STATUSES.map((s) => html`<th class="n">${t(`status.${s}`)}</th>`)}</tr></thead>
        <tbody>${(['city', 'street', 'community'] as const).map((tier) => html`<tr><td>${t(`tier.${tier}`)}</td>${CASE_STATUSES.map((s) => html`<td class="n">${byTier.get(tier)?.get(s) ?? 0}</td>`)}</tr>`)}
        <tr><th>Σ</th>${CASE_STATUSES.map((s) => html`<th class="n" data-total=${s}>${total(s)}</th>`)}</tr></tbody></table>
      <h2>${t('city.tree')}</h2>
      <ul data-unit-tree>${roots.map((u) => this.renderUnit(u))}</ul>`;
  }

  private renderUnit(unit: Unit): TemplateResult {
    const children = this.units.filter((u) => u.parentId === unit.id).sort((a, b) => a.id.localeCompare(b.id));
    const h = unitHealth(this.heartbeats.filter((b) => b.unitId === unit.id), this.nowMs);
    const held = this.counts.filter((c) => c.unitId === unit.id && isUnderWay(c.status)).reduce((n, c) => n + c.count, 0);
    return html`<li data-unit=${unit.id} data-health=${h.health}>
      <span class="health ${h.health}" title=${t(`city.health.${h.health}`)}></span><strong>${pick(unit.name)}</strong>
      <span class="muted">· ${t(`city.health.${h.health}`)}
        · ${h.lastSeenMs === null ? t('city.neverSeen') : t('city.lastSeen', { time: formatTime(h.lastSeenMs) })}
        ${h.devices > 0 ? html`· ${t('city.pendingOut', { n: h.pendingOutbound })} · ${t('city.version', { v: h.appVersions.join(', ') })}` : null}
        · ${t('city.held', { n: held })}</span>
      ${children.length > 0 ? html`<ul>${children.map((c) => this.renderUnit(c))}</ul>` : null}
    </li>`;
  }
}
function isUnderWay(status: string): boolean {
  return (CASE_STATUS_GROUPS.underWay as readonly string[]).includes(status);
}
customElements.define('unit-tree', UnitTree);

declare global {
  interface HTMLElementTagNameMap {
    'unit-tree': UnitTree;
  }
}
