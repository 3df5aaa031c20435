import { BehaviorSubject, type Observable } from 'rxjs';
import type { GatewayFailureKind } from './gateway-client.ts';
import type { RefusedDocument } from './refused-documents.ts';

export interface SyncStatus {
  /** null until the first call to the gateway has ended one way or the other. */
  readonly online: boolean | null;
  /** Local case events the hub has not yet confirmed (no receipt), refused ones aside. */
  readonly pendingOutbound: number;
  readonly lastSyncAt: number | null;
  readonly lastError: { readonly kind: GatewayFailureKind; readonly message: string; readonly at: number } | null;
  readonly refused: readonly RefusedDocument[];
  /** Every collection has been pulled up to the hub's state at least once. */
  readonly initialSyncDone: boolean;
  /** The token was refused: the worker must sign in again before sync goes on. */
  readonly signInRequired: boolean;
}

export const INITIAL_SYNC_STATUS: SyncStatus = {
  online: null,
  pendingOutbound: 0,
  lastSyncAt: null,
  lastError: null,
  refused: [],
  initialSyncDone: false,
  signInRequired: false,
};

/** The one place sync status is written; the app reads it as an observable. */
export class SyncStatusTracker {
  private readonly subject = new BehaviorSubject<SyncStatus>(INITIAL_SYNC_STATUS);

  get status$(): Observable<SyncStatus> {
    return this.subject.asObservable();
  }

  get current(): SyncStatus {
    return this.subject.value;
  }

  succeeded(at: number): void {
    this.update({ online: true, lastSyncAt: at, signInRequired: false });
  }

  failed(kind: GatewayFailureKind, message: string, at: number): void {
    this.update({
      online: kind === 'offline' || kind === 'unavailable' ? false : this.current.online,
      lastError: { kind, message, at },
      signInRequired: kind === 'auth',
    });
  }

  update(patch: Partial<SyncStatus>): void {
    this.subject.next({ ...this.subject.value, ...patch });
  }

  complete(): void {
    this.subject.complete();
  }
}
