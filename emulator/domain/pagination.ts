import type { PageRequest } from '../ports/stores.js';

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
