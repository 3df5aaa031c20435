import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Observable, Subscription } from 'rxjs';

/**
 * Turns an observable (an RxDB query's `$`, the sync status) into render state: subscribed while
 * the host is connected, `value` always the latest, the host re-rendered on every emission.
 */
export class ObservableController<T> implements ReactiveController {
  value: T;
  private subscription: Subscription | null = null;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private source: (() => Observable<T>) | null,
    initial: T,
  ) {
    this.value = initial;
    host.addController(this);
  }

  /** Points the controller at another observable (say, a different list). */
  setSource(source: (() => Observable<T>) | null): void {
    this.source = source;
    if (this.connected) this.subscribe();
  }

  hostConnected(): void {
    this.connected = true;
    this.subscribe();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  private subscribe(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    if (this.source === null) return;
    this.subscription = this.source().subscribe((value) => {
      this.value = value;
      this.host.requestUpdate();
    });
  }
}
