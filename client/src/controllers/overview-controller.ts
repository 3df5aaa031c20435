import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { fetchOverview, SupervisionCallError, type NetworkOverview } from '../data/supervision-api.ts';

const CACHE_KEY = 'liandong.overview';
const REFRESH_MS = 30_000;

/**
 * The city's network figures from the server, refreshed every 30 s and when the link returns;
 * the last answer is kept on the device so that an offline console still shows it, dated.
 */
export class OverviewController implements ReactiveController {
  overview: NetworkOverview | null = null;
  /** The last fetch failed (offline or refused): what is shown is the cached answer. */
  failure: { kind: 'offline' | 'refused'; message: string } | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly onOnline = (): void => void this.refresh();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly token: () => string | null,
  ) {
    host.addController(this);
    try {
      const cached = localStorage.getItem(CACHE_KEY);
      if (cached !== null) this.overview = JSON.parse(cached) as NetworkOverview;
    } catch {
      this.overview = null;
    }
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
      localStorage.setItem(CACHE_KEY, JSON.stringify(this.overview));
    } catch (err) {
      this.failure = err instanceof SupervisionCallError ? { kind: err.kind, message: err.message } : { kind: 'offline', message: String(err) };
    }
    this.host.requestUpdate();
  }
}
