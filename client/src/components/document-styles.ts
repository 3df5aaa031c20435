import { css } from 'lit';

/** The look of a printed document (受理回执, 一次性告知书): black on white, a serif CJK face, A4 proportions. */
export const documentStyles = css`
  :host { display: block; color: #000; background: #fff; font: 12pt/1.7 "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", SimSun, serif; }
  article { max-width: 178mm; margin: 0 auto; }
  h1 { font-size: 18pt; text-align: center; letter-spacing: .4em; margin: 0 0 .3em; }
  .number { text-align: right; font-size: 10.5pt; margin: 0 0 .8em; }
  table { width: 100%; border-collapse: collapse; margin: .4em 0 .8em; }
  th, td { border: 1px solid #000; padding: .25em .5em; text-align: left; vertical-align: top; }
  th { width: 8em; font-weight: normal; white-space: nowrap; }
  ol { margin: .2em 0; padding-left: 1.6em; }
  p { margin: .4em 0; }
  .mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
  .sign { display: flex; justify-content: space-between; gap: 2em; margin-top: 2.2em; }
  .right { text-align: right; }
`;
