import { describeSchemaErrors, validators } from '../../schemas/validators.ts';
import { itemDraftProblems, normalizedDraft, type ItemDraft } from '../../schemas/rules/item-edit.ts';
import type { Actor, ServiceItem } from '../../schemas/types.ts';
import { GatewayError } from '../errors.ts';
import type { HubDatabasePort } from '../hub/hub-port.ts';
import type { AuditLog } from './audit-log.ts';
import { refuseIfAny } from './edit-refusal.ts';
import { withSearchTerms } from './item-search-terms.ts';
import { readStored, sameDocument, writeStored } from './stored-documents.ts';

/** The service item schema's limit for the name's initials: a longer name's initials are cut (search matches prefixes). */
const MAX_NAME_INITIALS = 40;

/**
 * The catalog editor's changes to the service catalog. Items are stored with the pinyin initials
 * of their name and keywords, computed here (pinyin-pro never ships to a device); every unit
 * replicates the catalog read-only and finds the item by them after its next sync.
 */
export class CatalogAdmin {
  constructor(
    private readonly db: HubDatabasePort,
    private readonly audit: AuditLog,
    /** Called after a change, so that this gateway's catalog rules do not wait for its follower. */
    private readonly changed: () => void,
  ) {}

  async add(by: Actor, draft: ItemDraft): Promise<ServiceItem> {
    const clean = normalizedDraft(draft);
    const stored = await readStored(this.db, clean.code, validators.serviceItem);
    refuseIfAny(itemDraftProblems(clean, { mode: 'add' }, new Set(stored === null ? [] : [clean.code])));
    const item = storableItem(clean);
    await this.audit.run(by, { action: 'item_added', target: { kind: 'item', id: item.code }, before: null, after: item }, async () => ({ result: await writeStored(this.db, 'catalog', item, null) }));
    this.changed();
    return item;
  }

  /** Changes the stored item `code`, if it is still as the editor saw it (`basedOn`). */
  async change(by: Actor, code: string, draft: ItemDraft, basedOn: object): Promise<ServiceItem> {
    const clean = normalizedDraft(draft);
    const stored = await readStored(this.db, code, validators.serviceItem);
    refuseIfAny(itemDraftProblems(clean, { mode: 'change', code }, new Set(stored === null ? [] : [code])));
    if (stored === null) throw new GatewayError('ERR_NOT_FOUND', `no item ${code}`);
    if (!sameDocument(stored.doc, basedOn)) throw new GatewayError('ERR_EDIT_STALE', `item ${code} changed since the editor read it`);
    const item = storableItem(clean);
    // Saving what is stored already changes nothing, and records nothing.
    if (sameDocument(stored.doc, item)) return stored.doc;
    await this.audit.run(by, { action: 'item_changed', target: { kind: 'item', id: code }, before: stored.doc, after: item }, async () => ({ result: await writeStored(this.db, 'catalog', item, stored.rev) }));
    this.changed();
    return item;
  }
}

/** The item with its search terms, checked against the service item schema (a draft the edit rules pass always fits). */
export function storableItem(draft: ItemDraft): ServiceItem {
  const withTerms = withSearchTerms(draft);
  const item: ServiceItem = { ...withTerms, pinyinInitials: (withTerms.pinyinInitials ?? '').slice(0, MAX_NAME_INITIALS) };
  // The edit rules check everything the schema limits; this is the last guard, not the message.
  if (!validators.serviceItem(item)) throw new GatewayError('ERR_BAD_REQUEST', `the item does not fit its schema: ${describeSchemaErrors(validators.serviceItem)}`);
  return item;
}
