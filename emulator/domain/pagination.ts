import type { Page, PageRequest } from '../ports/stores.js';

/** Mono's paging (§4.4): page_number from 1, page_size 10..500, default 10. */
export interface PageQuery {
  page_number?: number;
  page_size?: number;
}

/** The defaults the contract documents for `page_number` and `page_size`. */
export const DEFAULT_PAGE: PageRequest = { pageNumber: 1, pageSize: 10 };

export function pageRequest(query: PageQuery): PageRequest {
  return { pageNumber: query.page_number ?? DEFAULT_PAGE.pageNumber, pageSize: query.page_size ?? DEFAULT_PAGE.pageSize };
}

export function paginate<T>(items: readonly T[], page: PageRequest): Page<T> {
  const start = (page.pageNumber - 1) * page.pageSize;
  return { items: items.slice(start, start + page.pageSize), totalItems: items.length };
}

/** The items whose fields equal every value `where` sets (an unset one matches anything), newest first, paged. */
export function pageNewestFirst<T extends object>(items: readonly T[], where: { [K in keyof T]?: T[K] | undefined }, page: PageRequest): Page<T> {
  const conditions = Object.entries(where).filter(([, value]) => value !== undefined) as [keyof T, unknown][];
  return paginate(items.filter((item) => conditions.every(([field, value]) => item[field] === value)).reverse(), page);
}
