import { BehaviorSubject, type Observable } from 'rxjs';
import type { GatewayFailureKind } from './gateway-client.ts';
import type { RefusedDocument } from './refused-documents.ts';

export interface SyncStatus {
  /** null until the first call to the gateway has ended one way or the other. */
  readonly online: boolean | null;
  /** Local case events the hub has not yet confirmed (no receipt), refused ones aside. */
  readonly pendingOutbound: number;
  /** The cases those events belong to: what the worker reads as "waiting to upload". */
  readonly pendingCases: number;
  readonly lastSyncAt: number | null;
  readonly lastError: { readonly kind: GatewayFailureKind; readonly message: string; readonly at: number } | null;
  readonly refused: readonly RefusedDocument[];
  /** Every collection has been pulled up to the hub's state at least once, and all of it is stored. */
  readonly initialSyncDone: boolean;
  /**
   * Cases stored on this device, counted from the store as pulled pages are written: pages still
   * in flight never count. Counted while the first sync runs (and once when it is done); null
   * before the first count, or when this account replicates no cases.
   */
  readonly storedCases: number | null;
  /**
   * When this unit's first sync completed on this device (kept in the store); null until it has.
   * A reload that is not yet in sync again is then no first sync: the data is on the device.
   */
  readonly firstSyncedAt: number | null;
  /** The token was refused: the worker must sign in again before sync goes on. */
  readonly signInRequired: boolean;
}

export const INITIAL_SYNC_STATUS: SyncStatus = {
  online: null,
  pendingOutbound: 0,
  pendingCases: 0,
  lastSyncAt: null,
  lastError: null,
  refused: [],
  initialSyncDone: false,
  storedCases: null,
  firstSyncedAt: null,
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
