import type { CatalogRules } from '../../schemas/rules/case-write.ts';
import { unitTreeOf, type UnitTree } from '../../schemas/rules/unit-tree.ts';
import type { Unit } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { storedAs, type HubDoc } from '../hub/hub-doc.ts';
import type { HubDatabasePort } from '../hub/hub-port.ts';
import type { CollectionMirror } from './collection-mirror.ts';

/** Where a collection's documents are read: the gateway's memory while it is current, else the hub. */
export interface NetworkSource {
  readonly db: HubDatabasePort;
  readonly mirror?: CollectionMirror;
}

/**
 * The unit tree and the catalog rules, held in memory: every write is checked against them, and
 * they change rarely. The changes follower calls `reload` when either database changes, after
 * feeding the collection's mirror, so a reload costs the hub nothing.
 */
export class NetworkCache {
  private tree: UnitTree = new Map();
  private names: ReadonlyMap<string, Unit['name']> = new Map();
  private catalog: CatalogRules = new Map();
  private loaded: Promise<void> | null = null;

  constructor(
    private readonly units: NetworkSource,
    private readonly items: NetworkSource,
  ) {}

  async current(): Promise<{ tree: UnitTree; catalog: CatalogRules }> {
    this.loaded ??= this.load().catch((err: unknown) => {
      this.loaded = null;
      throw err;
    });
    await this.loaded;
    return { tree: this.tree, catalog: this.catalog };
  }

  /** A unit's name in both languages, null for a unit the network does not have. */
  async unitName(unitId: string): Promise<Unit['name'] | null> {
    await this.current();
    return this.names.get(unitId) ?? null;
  }

  /** The tree as last loaded (empty before the first load): for fan-out, which must not wait. */
  get lastTree(): UnitTree {
    return this.tree;
  }

  /** Forget what is loaded and load again in the background. */
  reload(): void {
    this.loaded = null;
    this.current().catch(() => undefined);
  }

  private async load(): Promise<void> {
    const [units, items] = await Promise.all([readAll(this.units), readAll(this.items)]);
    // Only documents that pass their schema count: a damaged one must not widen anyone's rights.
    const valid = units.flatMap((d) => storedAs(d, validators.unit));
    this.tree = unitTreeOf(valid);
    this.names = new Map(valid.map((u) => [u.id, u.name]));
    this.catalog = new Map(items.flatMap((d) => storedAs(d, validators.serviceItem)).map((i) => [i.code, i]));
  }
}

/** Every live document: from memory, or read through the hub's changes feed in pages. */
async function readAll({ db, mirror }: NetworkSource): Promise<HubDoc[]> {
  if (mirror?.current === true) return mirror.all();
  const docs: HubDoc[] = [];
  let since: unknown = 0;
  for (;;) {
    const page = await db.changes(since, 1000);
    for (const change of page.results) if (change.doc !== null && !change.deleted && !change.id.startsWith('_design/')) docs.push(change.doc);
    if (page.results.length < 1000) return docs;
    since = page.lastSeq;
  }
}
