import { EN, ZH, type MessageKey } from './messages.ts';

export type Locale = 'zh-CN' | 'en';

const STORAGE_KEY = 'liandong.locale';
const listeners = new Set<() => void>();
let current: Locale = readStored();

function readStored(): Locale {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function locale(): Locale {
  return current;
}

export function setLocale(next: Locale): void {
  if (next === current) return;
  current = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // A locked-down browser keeps the choice for this page only.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
  for (const listener of listeners) listener();
}

export function onLocaleChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The message in the current language, with `{name}` parameters filled in. */
export function t(key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  const template = current === 'en' ? EN[key] : ZH[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A bilingual text from the data (catalog, units) in the current language. */
export function pick(text: { readonly zh: string; readonly en: string } | undefined): string {
  if (text === undefined) return '';
  return current === 'en' ? text.en : text.zh;
}

export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return new Intl.DateTimeFormat(current, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(ms));
}

/**
 * A date as the network counts days: in China's time (deadlines end at 23:59:59 UTC+8), whatever
 * the zone of the device showing it.
 */
export function formatDate(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeZone: 'Asia/Shanghai' }).format(new Date(ms));
}
