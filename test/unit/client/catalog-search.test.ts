import { describe, expect, it } from 'vitest';
import { searchCatalog } from '../../../client/src/domain/catalog-search.ts';
import { DEMO_CATALOG } from '../../../ops/seed/demo-catalog.ts';

describe('catalog search', () => {
  it('finds items by Chinese name, pinyin initials and code', () => {
    expect(searchCatalog(DEMO_CATALOG, '最低生活')[0]?.code).toBe('HF-MZ-0001');
    expect(searchCatalog(DEMO_CATALOG, 'zdshbz')[0]?.code).toBe('HF-MZ-0001');
    expect(searchCatalog(DEMO_CATALOG, 'hf-mz-0002')[0]?.code).toBe('HF-MZ-0002');
    expect(searchCatalog(DEMO_CATALOG, 'residence permit').map((i) => i.code)).toContain('HF-JZ-0001');
  });

  it('lists everything for an empty query and nothing for nonsense', () => {
    expect(searchCatalog(DEMO_CATALOG, '  ')).toHaveLength(DEMO_CATALOG.length);
    expect(searchCatalog(DEMO_CATALOG, 'qqqqzzzz')).toHaveLength(0);
  });
});
