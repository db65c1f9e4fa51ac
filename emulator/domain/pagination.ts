import type { Page, PageRequest } from '../ports/stores.js';

/** Mono's paging (§4.4): page_number from 1, page_size 10..500, default 10. */
export interface PageQuery {
  page_number?: number;
  page_size?: number;
}

export function pageRequest(query: PageQuery): PageRequest {
  return { pageNumber: query.page_number ?? 1, pageSize: query.page_size ?? 10 };
}

export function paginate<T>(items: readonly T[], page: PageRequest): Page<T> {
  const start = (page.pageNumber - 1) * page.pageSize;
  return { items: items.slice(start, start + page.pageSize), totalItems: items.length };
}
