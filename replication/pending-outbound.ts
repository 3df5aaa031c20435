import type { Subscription } from 'rxjs';
import type { CaseDoc } from '../schemas/types.ts';
import type { StationDatabase } from './station-database.ts';

/** Events of a case that carry no hub receipt yet: written here, not yet confirmed there. */
export function unconfirmedEventIds(doc: Pick<CaseDoc, 'events' | 'receipts'>): string[] {
  const confirmed = new Set(doc.receipts.map((r) => r.eventId));
  return doc.events.filter((e) => !confirmed.has(e.id)).map((e) => e.id);
}

/**
 * Counts unconfirmed events across the local cases, refused cases aside. Kept as a running sum
 * updated per changed document: recounting everything on each change would cost the square of
 * the number of cases during a first sync.
 */
export class PendingOutboundCounter {
  private readonly unconfirmed = new Map<string, number>();
  private total = 0;
  private subscription: Subscription | null = null;

  constructor(
    private readonly db: StationDatabase,
    private readonly onChange: (total: number) => void,
    private readonly isRefused: (caseId: string) => boolean,
  ) {}

  async start(): Promise<void> {
    this.subscription = this.db.cases.$.subscribe((event) => {
      const doc = event.documentData;
      this.set(doc.id, event.operation === 'DELETE' ? 0 : unconfirmedEventIds(doc).length);
      this.onChange(this.total);
    });
    const docs = await this.db.cases.find().exec();
    for (const doc of docs) this.set(doc.id, unconfirmedEventIds(doc).length);
    this.onChange(this.total);
  }

  private counted(caseId: string, count: number): number {
    return this.isRefused(caseId) ? 0 : count;
  }

  private set(caseId: string, count: number): void {
    const before = this.unconfirmed.get(caseId);
    this.total += this.counted(caseId, count) - (before === undefined ? 0 : this.counted(caseId, before));
    this.unconfirmed.set(caseId, count);
  }

  /** The refused list changed: which cases count may have changed with it. */
  recount(): void {
    this.total = 0;
    for (const [caseId, count] of this.unconfirmed) this.total += this.counted(caseId, count);
    this.onChange(this.total);
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }
}
