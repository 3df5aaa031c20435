import { foldCase } from '../../../schemas/rules/fold.ts';
import type { CaseDoc, ServiceItem } from '../../../schemas/types.ts';

/** One material of a case, named from the catalog item (null: the item no longer lists that id). */
export interface MaterialLine {
  readonly id: string;
  readonly name: ServiceItem['name'] | null;
  readonly originals: number | null;
  readonly copies: number | null;
}

/** What the station collected for a case and what is still missing: what travels with the case. */
export interface CollectedMaterials {
  /** Received at acceptance (the accept step's `provided`) and brought since for a 补正, in the item's order. */
  readonly received: readonly MaterialLine[];
  /** The item's materials not received. */
  readonly notProvided: readonly MaterialLine[];
  /** While 补正 is asked: the materials the holding unit named. */
  readonly requested: readonly MaterialLine[];
  /** The note of the 补正 request still open ('' when none, or none given). */
  readonly requestNote: string;
  /** 绿色通道: accepted for priority handling. */
  readonly greenChannel: boolean;
}

/** The materials of a case against its catalog item (null when the device does not have the item). */
export function collectedMaterials(doc: CaseDoc, item: ServiceItem | null): CollectedMaterials {
  const state = foldCase(doc.events, doc.receipts);
  const lost = new Set((state?.conflicts ?? []).map((c) => c.eventId));
  const accept = doc.events.find((e) => e.type === 'accept');
  const brought = doc.events.filter((e) => e.type === 'supplement' && !lost.has(e.id)).flatMap((e) => e.data.provided ?? []);
  const receivedIds = new Set([...(accept?.data.provided ?? []), ...brought]);
  const requesting = state?.status === 'supplement_requested';
  const lastRequest = requesting ? doc.events.filter((e) => e.type === 'request_supplement' && !lost.has(e.id)).at(-1) : undefined;
  const materials = item?.materials ?? [];
  const line = (id: string): MaterialLine => {
    const m = materials.find((x) => x.id === id);
    return m === undefined ? { id, name: null, originals: null, copies: null } : { id, name: m.name, originals: m.originals, copies: m.copies };
  };
  const known = new Set(materials.map((m) => m.id));
  return {
    received: [...materials.filter((m) => receivedIds.has(m.id)).map((m) => m.id), ...[...receivedIds].filter((id) => !known.has(id))].map(line),
    notProvided: materials.filter((m) => !receivedIds.has(m.id)).map((m) => line(m.id)),
    requested: requesting ? (state?.missingMaterials ?? []).map(line) : [],
    requestNote: lastRequest?.data.note ?? '',
    greenChannel: accept?.data.greenChannel === true,
  };
}

/** What the citizen still has to bring: while 补正 is asked, what was requested; otherwise what was not provided. */
export function stillMissing(materials: CollectedMaterials): readonly MaterialLine[] {
  return materials.requested.length > 0 ? materials.requested : materials.notProvided;
}
