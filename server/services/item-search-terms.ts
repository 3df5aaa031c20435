import { pinyin } from 'pinyin-pro';
import type { ServiceItem } from '../../schemas/types.ts';

/**
 * Search terms of catalog items, computed where items are made (the demo catalog, the city's
 * catalog editing): pinyin initials of the name and of each keyword, so that a worker on a keyboard
 * without an IME finds 最低生活保障申请 with `zdsh` and its short name 低保申请 with `dbsq`.
 * pinyin-pro stays on the server side: devices receive the initials with the item and never ship
 * the dictionary.
 */

/** An item as an editor writes it: keywords as plain texts, no initials yet. */
export type ServiceItemDraft = Omit<ServiceItem, 'pinyinInitials' | 'keywords'> & { readonly keywords?: readonly string[] };

/**
 * Lowercase pinyin initials of a text, one letter per Chinese character, read in context for
 * characters with more than one reading (银行 yh, 重新 cx); Latin letters and digits are kept,
 * lowercased; anything else (spaces, punctuation) is dropped.
 */
export function pinyinInitials(text: string): string {
  return pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The item with the pinyin initials of its name and of its keywords (trimmed, blank and repeated ones dropped). */
export function withSearchTerms(draft: ServiceItemDraft): ServiceItem {
  const { keywords = [], ...item } = draft;
  const texts = [...new Set(keywords.map((k) => k.trim()).filter((k) => k !== ''))];
  return { ...item, pinyinInitials: pinyinInitials(item.name.zh), keywords: texts.map((text) => ({ text, initials: pinyinInitials(text) })) };
}
