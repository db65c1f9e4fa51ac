import type { Page, PageRequest } from '../ports/stores.js';
import type { Schemas } from './schemas.js';

/** Mono's pagination object (§4.4). */
export function presentPagination(page: Page<unknown>, request: PageRequest): Schemas['Pagination'] {
  return {
    page_number: request.pageNumber,
    page_size: request.pageSize,
    total_items: page.totalItems,
    total_pages: Math.ceil(page.totalItems / request.pageSize),
  };
}
