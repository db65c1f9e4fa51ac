import type { MonoComponents } from '../../contracts/index.js';
import type { AccountHolderRecord, Tenant } from '../ports/records.js';
import { storedAddress } from './address.js';
import { documentTypeProblem } from './cardholders.js';
import type { DomainContext } from './context.js';
import { alpha2 } from './country-codes.js';
import { fail, notFound, throwIfAny } from './errors.js';

type Schemas = MonoComponents['schemas'];
export type AccountHolderInput = Schemas['AccountHolderCreate'];
export type AccountHolderPatch = Schemas['AccountHolderUpdate'];

/** §14: a third-party holder, unique per tenant by `external_id`, born active. */
export function createAccountHolder(ctx: DomainContext, tenant: Tenant, input: AccountHolderInput): AccountHolderRecord {
  const { person } = input;
  throwIfAny([documentTypeProblem(person.document_type, person.country_code, '#/person/document_type')]);
  if (ctx.stores.accountHolders.getByKey(tenant.id, input.external_id)) {
    fail('external_id_already_used', '#/external_id', 'An account holder with this external_id exists.');
  }
  return putAccountHolder(ctx, tenant, ctx.ids.next('acch'), 'third_party', input);
}

/** Stores a new active holder of this id and type, made from a create body that passed the rules. */
export function putAccountHolder(ctx: DomainContext, tenant: Tenant, id: string, type: AccountHolderRecord['type'], input: AccountHolderInput): AccountHolderRecord {
  const { person } = input;
  const now = ctx.clock.now();
  const holder: AccountHolderRecord = {
    id,
    client_id: tenant.id,
    type,
    external_id: input.external_id,
    person: {
      country_code: person.country_code,
      document_number: person.document_number,
      document_type: person.document_type,
      first_name: person.first_name,
      middle_name: person.middle_name ?? null,
      last_name: person.last_name,
      second_last_name: person.second_last_name ?? null,
      person_type: person.person_type,
    },
    address: storedAddress(input.address),
    email: input.email ?? null,
    phone_number: input.phone_number ?? null,
    metadata: input.metadata ?? {},
    state: 'active',
    state_reason: null,
    state_reason_detail: null,
    insertedAt: now,
    updatedAt: now,
  };
  ctx.stores.accountHolders.put(tenant.id, holder);
  return holder;
}

export function getAccountHolder(ctx: DomainContext, tenant: Tenant, id: string, path = '#/account_holder_id'): AccountHolderRecord {
  return ctx.stores.accountHolders.get(tenant.id, id) ?? notFound(path, 'account holder');
}

export interface AccountHolderCriteria {
  externalId?: string | undefined;
  documentNumber?: string | undefined;
  documentType?: string | undefined;
  countryCode?: string | undefined;
}

/**
 * `find_by`: the holder with this `external_id`, or with this document; every criterion sent
 * must match, and a country matches in either of its forms (CO, COL). Several holders may share
 * a document: the oldest is the one found.
 */
export function findAccountHolder(ctx: DomainContext, tenant: Tenant, criteria: AccountHolderCriteria): AccountHolderRecord {
  const { externalId, documentNumber, documentType, countryCode } = criteria;
  if (externalId === undefined && documentNumber === undefined) {
    fail('missing_field', '#/external_id', 'Send external_id, or document_number with document_type.');
  }
  if (externalId === undefined && documentType === undefined) fail('missing_field', '#/document_type', 'A document is found by its number and its type.');
  const candidates =
    externalId === undefined
      ? ctx.stores.accountHolders.query(tenant.id).items
      : [ctx.stores.accountHolders.getByKey(tenant.id, externalId)].filter((h) => h !== undefined);
  const found = candidates.find(
    ({ person }) =>
      (documentNumber === undefined || person.document_number === documentNumber) &&
      (documentType === undefined || person.document_type === documentType) &&
      (countryCode === undefined || alpha2(person.country_code) === alpha2(countryCode)),
  );
  return found ?? notFound(externalId === undefined ? '#/document_number' : '#/external_id', 'account holder');
}

/**
 * §14: block or unblock a holder, with a reason and a detail, or change its email, phone number
 * or metadata. A canceled holder cannot change. Blocking refuses the holder's accounts new cards,
 * balance operations and transfers (checked where they happen).
 */
export function updateAccountHolder(ctx: DomainContext, tenant: Tenant, id: string, patch: AccountHolderPatch): AccountHolderRecord {
  const holder = getAccountHolder(ctx, tenant, id);
  if (holder.state === 'canceled') fail('account_canceled', null, 'The account holder is canceled; canceled holders cannot change.');
  const reasons =
    patch.state === undefined
      ? { state_reason: patch.reason === undefined ? holder.state_reason : patch.reason, state_reason_detail: patch.detail === undefined ? holder.state_reason_detail : patch.detail }
      : { state_reason: patch.reason ?? null, state_reason_detail: patch.detail ?? null };
  const updated: AccountHolderRecord = {
    ...holder,
    ...reasons,
    state: patch.state ?? holder.state,
    email: patch.email === undefined ? holder.email : patch.email,
    phone_number: patch.phone_number === undefined ? holder.phone_number : patch.phone_number,
    metadata: patch.metadata === undefined ? holder.metadata : (patch.metadata ?? {}),
    updatedAt: ctx.clock.now(),
  };
  ctx.stores.accountHolders.put(tenant.id, updated);
  return updated;
}
