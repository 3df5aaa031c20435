import { BehaviorSubject, type Observable } from 'rxjs';
import type { StationDatabase } from './station-database.ts';

/** A document the gateway refused: kept on the device with the reason, until a person deals with it. */
export interface RefusedDocument {
  readonly collection: string;
  readonly id: string;
  readonly code: string;
  readonly reason: string;
  readonly reasonZh: string;
  readonly detail: string | null;
  readonly refusedAt: number;
  /** Exactly what was sent, so nothing is lost even if a later pull replaces the local copy. */
  readonly sent: Record<string, unknown>;
}

const LOCAL_ID = 'refused-documents';

/**
 * The refused list, persisted in an RxDB local document (never replicated). A later successful
 * write of the same document clears its entry.
 */
export class RefusedDocuments {
  private readonly list$ = new BehaviorSubject<readonly RefusedDocument[]>([]);
  private writes: Promise<void> = Promise.resolve();

  private constructor(private readonly db: StationDatabase) {}

  static async open(db: StationDatabase): Promise<RefusedDocuments> {
    const store = new RefusedDocuments(db);
    const stored = await db.getLocal<{ items: RefusedDocument[] }>(LOCAL_ID);
    store.list$.next(stored?.get('items') ?? []);
    return store;
  }

  get changes$(): Observable<readonly RefusedDocument[]> {
    return this.list$.asObservable();
  }

  get current(): readonly RefusedDocument[] {
    return this.list$.value;
  }

  record(refused: readonly RefusedDocument[]): Promise<void> {
    if (refused.length === 0) return this.writes;
    const keyOf = (r: RefusedDocument): string => `${r.collection}/${r.id}`;
    const replaced = new Set(refused.map(keyOf));
    return this.save([...this.current.filter((r) => !replaced.has(keyOf(r))), ...refused]);
  }

  clear(collection: string, ids: readonly string[]): Promise<void> {
    const gone = new Set(ids);
    if (!this.current.some((r) => r.collection === collection && gone.has(r.id))) return this.writes;
    return this.save(this.current.filter((r) => !(r.collection === collection && gone.has(r.id))));
  }

  private save(items: readonly RefusedDocument[]): Promise<void> {
    this.list$.next(items);
    // Writes go one after another, so the last list wins on disk as it does in memory.
    this.writes = this.writes.then(async () => {
      await this.db.upsertLocal(LOCAL_ID, { items: [...items] });
    });
    return this.writes;
  }
}
