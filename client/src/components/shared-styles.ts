import { css } from 'lit';

/** Colours, type and form controls every console element shares. */
export const sharedStyles = css`
  :host { --red: #b3261e; --ink: #1d1b1a; --muted: #5f5a57; --line: #e4dcd7; --paper: #fffbf8; --ok: #1b6e3a; --warn: #8a5a00; --bad: #b3261e; box-sizing: border-box; }
  * { box-sizing: inherit; }
  h2 { font-size: 1.1rem; margin: 0 0 .6rem; }
  h3 { font-size: 1rem; margin: .8rem 0 .4rem; }
  button { font: inherit; padding: .35rem .8rem; border-radius: 6px; border: 1px solid var(--red); background: var(--red); color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: var(--red); }
  button:disabled { opacity: .55; cursor: default; }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #f2b8b5; outline-offset: 1px; }
  input, select, textarea { font: inherit; padding: .35rem .5rem; border: 1px solid #bdb3ad; border-radius: 6px; background: #fff; color: var(--ink); }
  label { display: block; margin: .4rem 0 .15rem; font-weight: 600; }
  .error { color: var(--bad); }
  .muted { color: var(--muted); font-size: .9em; }
  .panel { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: .8rem 1rem; }
  .badge { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-size: .8rem; border: 1px solid var(--line); background: #f6f1ee; white-space: nowrap; }
  .badge.yellow { background: #fff3c4; border-color: #e0c05a; }
  .badge.red { background: #fde0dd; border-color: #e3a19b; color: var(--bad); }
  .badge.unsynced { background: #e8eefc; border-color: #9fb4e8; }
`;
