/**
 * A refusal of the operations CLI: what was wrong with the input or the state of the network, and
 * what to do, in English and Chinese. The CLI prints both and exits with status 1; nothing was
 * changed.
 */
export class OpsError extends Error {
  constructor(
    readonly en: string,
    readonly zh: string,
  ) {
    super(en);
  }
}
