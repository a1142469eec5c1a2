import type { ReadAllOptions } from './event-store.port.js';

export function matchesFilter(type: string, category: string, options: Pick<ReadAllOptions, 'categories' | 'typePrefixes'>): boolean {
  const byCategory = !options.categories?.length || options.categories.includes(category);
  const byType = !options.typePrefixes?.length || options.typePrefixes.some((prefix) => type.startsWith(prefix));
  return byCategory && byType;
}
