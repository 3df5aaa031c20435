import { css } from 'lit';
import { sharedStyles } from './shared-styles.ts';

/** Layout shared by the three tier views: tabs on top, a list and a detail column. */
export const viewStyles = [sharedStyles, css`
  :host { display: block; }
  nav { display: flex; gap: .3rem; flex-wrap: wrap; margin-bottom: .8rem; }
  nav button { background: #fff; color: var(--ink); border-color: var(--line); }
  nav button[aria-selected='true'] { background: var(--red); color: #fff; border-color: var(--red); }
  .columns { display: grid; grid-template-columns: minmax(18rem, 1fr) 2fr; gap: 1rem; align-items: start; }
  @media (max-width: 900px) { .columns { grid-template-columns: 1fr; } }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--line); }
  td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
  nav .badge { font-size: .75rem; padding: 0 .35rem; }
  .view-controls { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; margin-bottom: .5rem; }
  .view-controls .chip { background: #fff; color: var(--ink); border-color: var(--line); padding: .15rem .5rem; }
  .view-controls .chip[aria-pressed='true'] { border-color: var(--red); background: #fdf0ee; }
`];
