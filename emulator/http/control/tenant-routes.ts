import { fail, notFound } from '../../domain/errors.js';
import { presentSeededTenant } from '../../present/tenant.js';
import { isAdminToken } from '../access.js';
import { created, noContent, type HandlerTable } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';

/** `/_emulator/tenants`: tenants made and removed at run time, one per parallel test worker. */
export function tenantRoutes({ tenants, access, newWebhookSecret }: RouteDeps) {
  return {
    createTenant: ({ body }) => {
      const apiKey = body?.api_key;
      if (apiKey !== undefined && isAdminToken(access, apiKey)) fail('invalid_value', '#/api_key', "The admin token cannot be a tenant's key.");
      // The emulator's own events only when the registration asks for them, as on `/_emulator/webhooks`.
      const webhook = body?.webhook && { ...body.webhook, secret: body.webhook.secret ?? newWebhookSecret() };
      return created(presentSeededTenant(tenants.create({ apiKey, webhook })));
    },
    deleteTenant: (request) => {
      const target = tenants.find(request.params.tenant);
      // A key sees only its own tenant: another one is as unknown to it as one that never was.
      if (!target || (request.caller === 'tenant' && target.id !== request.tenant.id)) return notFound('#/tenant', 'tenant');
      tenants.remove(target.id);
      return noContent();
    },
  } satisfies Partial<HandlerTable>;
}
