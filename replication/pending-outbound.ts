import type { Subscription } from 'rxjs';
import type { CaseDoc } from '../schemas/types.ts';
import type { StationDatabase } from './station-database.ts';

/** Events of a case that carry no hub receipt yet: written here, not yet confirmed there. */
export function unconfirmedEventIds(doc: Pick<CaseDoc, 'events' | 'receipts'>): string[] {
  const confirmed = new Set(doc.receipts.map((r) => r.eventId));
  return doc.events.filter((e) => !confirmed.has(e.id)).map((e) => e.id);
}

/**
 * Counts unconfirmed events across the local cases, updated per changed document rather than by
 * rescanning the collection on every write.
 */
export class PendingOutboundCounter {
  private readonly perCase = new Map<string, number>();
  private subscription: Subscription | null = null;

  constructor(
    private readonly db: StationDatabase,
    private readonly onChange: (total: number) => void,
    private readonly isRefused: (caseId: string) => boolean,
  ) {}

  async start(): Promise<void> {
    this.subscription = this.db.cases.$.subscribe((event) => {
      const doc = event.documentData;
      this.perCase.set(doc.id, event.operation === 'DELETE' ? 0 : unconfirmedEventIds(doc).length);
      this.emit();
    });
    const docs = await this.db.cases.find().exec();
    for (const doc of docs) this.perCase.set(doc.id, unconfirmedEventIds(doc).length);
    this.emit();
  }

  /** Recount after the refused list changed. */
  emit(): void {
    let total = 0;
    for (const [caseId, count] of this.perCase) if (!this.isRefused(caseId)) total += count;
    this.onChange(total);
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }
}
