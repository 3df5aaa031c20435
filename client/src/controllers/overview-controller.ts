import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { NetworkOverview } from '../../../schemas/api/network-overview.ts';
import { loadCachedOverview, saveCachedOverview } from '../data/overview-cache.ts';
import { fetchOverview, SupervisionCallError } from '../data/supervision-api.ts';

const REFRESH_MS = 30_000;

/**
 * The city's network figures from the server, refreshed every 30 s and when the link returns;
 * the last answer is kept on the device so that an offline console still shows it, dated.
 */
export class OverviewController implements ReactiveController {
  overview: NetworkOverview | null = loadCachedOverview();
  /** The last fetch failed (offline, refused or a malformed answer): what is shown is the cached answer. */
  failure: { kind: SupervisionCallError['kind']; message: string } | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly onOnline = (): void => void this.refresh();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly token: () => string | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    addEventListener('online', this.onOnline);
  }

  hostDisconnected(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    removeEventListener('online', this.onOnline);
  }

  async refresh(): Promise<void> {
    const token = this.token();
    if (token === null) return;
    try {
      this.overview = await fetchOverview(token);
      this.failure = null;
      saveCachedOverview(this.overview);
    } catch (err) {
      this.failure = err instanceof SupervisionCallError ? { kind: err.kind, message: err.message } : { kind: 'offline', message: String(err) };
    }
    this.host.requestUpdate();
  }
}
