import { pageRequest, type PageQuery } from '../../domain/pagination.js';
import type { DomainContext } from '../../domain/context.js';
import type { Tenant } from '../../ports/records.js';
import {
  addSpendingControlTargets,
  createSpendingControl,
  deleteSpendingControl,
  deleteSpendingControlRule,
  getSpendingControl,
  listSpendingControls,
  listSpendingControlTargets,
  putSpendingControlRule,
  removeSpendingControlTargets,
  renameSpendingControl,
} from '../../domain/spending-controls.js';
import { created, noContent, ok, type HandlerTable } from '../handler.js';
import { presentPagination } from '../../present/pagination.js';
import { presentSpendingControl, presentTargetCard } from '../../present/spending-control.js';

export function spendingControlRoutes() {
  const targetCards = (domain: DomainContext, tenant: Tenant, id: string, query: PageQuery) => {
    const page = pageRequest(query);
    const result = listSpendingControlTargets(domain, tenant, id, page);
    return ok({ cards: result.items.map(presentTargetCard), pagination: presentPagination(result, page) });
  };
  return {
    createSpendingControl: ({ tenant, domain, body }) => created(presentSpendingControl(createSpendingControl(domain, tenant, body))),
    listSpendingControls: ({ tenant, domain, query }) => {
      const page = pageRequest(query);
      const result = listSpendingControls(domain, tenant, query.target ?? 'card', page);
      return ok({ spending_controls: result.items.map(presentSpendingControl), pagination: presentPagination(result, page) });
    },
    getSpendingControl: ({ tenant, domain, params }) => ok(presentSpendingControl(getSpendingControl(domain, tenant, params.spending_control_id))),
    updateSpendingControl: ({ tenant, domain, params, body }) =>
      ok(presentSpendingControl(renameSpendingControl(domain, tenant, params.spending_control_id, body.nickname))),
    deleteSpendingControl: ({ tenant, domain, params }) => {
      deleteSpendingControl(domain, tenant, params.spending_control_id);
      return noContent();
    },
    putSpendingControlRule: ({ tenant, domain, params, body }) =>
      ok(presentSpendingControl(putSpendingControlRule(domain, tenant, params.spending_control_id, body))),
    deleteSpendingControlRule: ({ tenant, domain, params }) =>
      ok(presentSpendingControl(deleteSpendingControlRule(domain, tenant, params.spending_control_id, params.rule_type))),
    // Mono's docs name `…/targets`, its SDK `…/list_targets`: one answer for both.
    listSpendingControlTargets: ({ tenant, domain, params, query }) => targetCards(domain, tenant, params.spending_control_id, query),
    listSpendingControlTargetCards: ({ tenant, domain, params, query }) => targetCards(domain, tenant, params.spending_control_id, query),
    addSpendingControlTargets: ({ tenant, domain, params, body }) =>
      ok(presentSpendingControl(addSpendingControlTargets(domain, tenant, params.spending_control_id, body.ids))),
    removeSpendingControlTargets: ({ tenant, domain, params, body }) =>
      ok(presentSpendingControl(removeSpendingControlTargets(domain, tenant, params.spending_control_id, body.ids))),
  } satisfies Partial<HandlerTable>;
}
