import { pageRequest } from '../../domain/pagination.js';
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
import { presentSpendingControl } from '../../present/spending-control.js';

export function spendingControlRoutes() {
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
    listSpendingControlTargets: ({ tenant, domain, params, query }) => {
      const page = pageRequest(query);
      const result = listSpendingControlTargets(domain, tenant, params.spending_control_id, page);
      return ok({ targets: result.items, pagination: presentPagination(result, page) });
    },
    addSpendingControlTargets: ({ tenant, domain, params, body }) =>
      ok(presentSpendingControl(addSpendingControlTargets(domain, tenant, params.spending_control_id, body.targets))),
    removeSpendingControlTargets: ({ tenant, domain, params, body }) =>
      ok(presentSpendingControl(removeSpendingControlTargets(domain, tenant, params.spending_control_id, body.targets))),
  } satisfies Partial<HandlerTable>;
}
