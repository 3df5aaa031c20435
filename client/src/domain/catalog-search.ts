import type { ServiceItem } from '../../../schemas/types.ts';

/**
 * Finds catalog items by Chinese or English name, pinyin initials (for a keyboard without an IME)
 * or item code. Best matches first: code or initials prefix, then name contains.
 */
export function searchCatalog(items: readonly ServiceItem[], query: string): ServiceItem[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [...items].sort((a, b) => a.code.localeCompare(b.code));
  const scored: { item: ServiceItem; score: number }[] = [];
  for (const item of items) {
    const code = item.code.toLowerCase();
    const initials = (item.pinyinInitials ?? '').toLowerCase();
    let score = 0;
    if (code === q) score = 100;
    else if (code.startsWith(q)) score = 80;
    else if (initials.startsWith(q)) score = 70;
    else if (item.name.zh.includes(query.trim())) score = 60;
    else if (initials.includes(q)) score = 50;
    else if (code.includes(q)) score = 40;
    else if (item.name.en.toLowerCase().includes(q)) score = 30;
    else if (item.category.zh.includes(query.trim()) || item.category.en.toLowerCase().includes(q)) score = 10;
    if (score > 0) scored.push({ item, score });
  }
  return scored.sort((a, b) => b.score - a.score || a.item.code.localeCompare(b.item.code)).map((s) => s.item);
}
