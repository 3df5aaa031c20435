import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ECharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { css, html, LitElement } from 'lit';
import type { DashboardChartOption } from '../domain/dashboard-charts.ts';

// Only what the dashboard draws (tree-shaken from `echarts/core`): bars and lines on a grid, a
// legend and tooltips, through the SVG renderer. SVG sets styles through the DOM (never a style
// attribute or an inline <style>), so the consoles' CSP holds, prints sharply, and its text can be read.
use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/**
 * One Apache ECharts chart, drawn from the option it is given (`dashboard-charts.ts` builds them)
 * and redrawn whole when the option changes; it follows its own size. Presentational: no data in.
 */
export class EchartView extends LitElement {
  static override properties = { option: { attribute: false }, label: { type: String } };
  static override styles = css`
    :host { display: block; }
    .chart { width: 100%; height: var(--chart-height, 280px); }
  `;
  declare option: DashboardChartOption | null;
  /** What the chart shows, for assistive technology (the chart is one image to it). */
  declare label: string;
  private chart: ECharts | null = null;
  private resizes: ResizeObserver | null = null;
  /** The option last drawn (undefined: none yet). */
  private drawn: DashboardChartOption | null | undefined = undefined;

  constructor() {
    super();
    this.option = null;
    this.label = '';
  }

  override render() {
    return html`<div class="chart" role="img" aria-label=${this.label}></div>`;
  }

  protected override firstUpdated(): void {
    this.setUp();
  }

  protected override updated(): void {
    this.draw();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the page after a removal: a new chart in the box the first render made.
    if (this.hasUpdated && this.chart === null) {
      this.setUp();
      this.draw();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizes?.disconnect();
    this.resizes = null;
    this.chart?.dispose();
    this.chart = null;
    this.drawn = undefined;
  }

  private setUp(): void {
    const box = this.renderRoot.querySelector<HTMLDivElement>('.chart');
    if (box === null) return;
    this.chart = init(box, null, { renderer: 'svg' });
    this.resizes = new ResizeObserver(() => this.chart?.resize());
    this.resizes.observe(box);
  }

  /** Draws the option unless it is the one drawn already; `data-drawn` counts the drawings. */
  private draw(): void {
    if (this.chart === null || this.drawn === this.option) return;
    if (this.option === null) this.chart.clear();
    else this.chart.setOption(this.option, { notMerge: true });
    this.drawn = this.option;
    this.dataset['drawn'] = String(Number(this.dataset['drawn'] ?? '0') + 1);
  }
}
customElements.define('echart-view', EchartView);

declare global {
  interface HTMLElementTagNameMap {
    'echart-view': EchartView;
  }
}
