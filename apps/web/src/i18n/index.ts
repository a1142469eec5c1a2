import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN';
import en from './en';

export type Locale = 'zh-CN' | 'en';
const STORAGE_KEY = 'dj.locale';
const initial: Locale = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';

export const i18n = createI18n({
  legacy: false,
  locale: initial,
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

/** The county's business zone: a due day ends at 24:00 there, wherever the browser is. */
const ZONE = 'Asia/Shanghai';
const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: ZONE, ...options })));
  return f;
}

/** 2026年3月31日 (en: 31 March 2026). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return format(i18n.global.locale.value, { year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));
}

/** 2026年3月31日 14:05. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return format(i18n.global.locale.value, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

/** The calendar day (YYYY-MM-DD) of an instant in the business zone. */
export function businessDay(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** Whole days from today (business zone) to the due instant's day: negative when overdue. */
export function daysUntil(iso: string, now = new Date()): number {
  const due = Date.parse(`${businessDay(new Date(iso))}T00:00:00Z`);
  const today = Date.parse(`${businessDay(now)}T00:00:00Z`);
  return Math.round((due - today) / 86_400_000);
}

/** The current quarter and half year in the business zone: `2026-Q4`, `2026-H2`. */
export function currentPeriods(now = new Date()): { quarter: string; half: string; year: number } {
  const [y, m] = businessDay(now).split('-').map(Number) as [number, number];
  return { quarter: `${y}-Q${Math.ceil(m / 3)}`, half: `${y}-H${m <= 6 ? 1 : 2}`, year: y };
}
