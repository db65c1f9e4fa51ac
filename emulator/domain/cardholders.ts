import type { MonoComponents } from '../../contracts/index.js';
import { storedAddress } from './address.js';
import type { DomainContext } from './context.js';
import { alpha2 } from './country-codes.js';
import { notFound, throwIfAny, type ErrorDetail } from './errors.js';
import type { AccountHolderRecord, CardholderRecord, Tenant } from '../ports/records.js';

export type CardholderInput = MonoComponents['schemas']['CardholderCreate'];
export type CardholderPatch = MonoComponents['schemas']['CardholderUpdate'];
type DocumentType = MonoComponents['schemas']['DocumentType'];

/** §8.2: these types are Colombian documents; a document from elsewhere is NID, DL or PASS. */
const COLOMBIAN_DOCUMENTS: ReadonlySet<DocumentType> = new Set(['CC', 'TI', 'NUIP', 'TE', 'CE', 'NIT', 'PASS', 'PEP', 'PPT', 'FDO', 'RC']);
const FOREIGN_DOCUMENTS: ReadonlySet<DocumentType> = new Set(['NID', 'DL', 'PASS']);

/** The document-type rule of §8.2, shared by cardholders and ledger account holders (whose country may be alpha-3). */
export function documentTypeProblem(type: DocumentType, country: string, path: string): ErrorDetail | null {
  const allowed = alpha2(country) === 'CO' ? COLOMBIAN_DOCUMENTS : FOREIGN_DOCUMENTS;
  if (allowed.has(type)) return null;
  return {
    code: 'invalid_value',
    path,
    message: `A document from ${country} cannot be of type ${type}; accepted: ${[...allowed].join(', ')}.`,
  };
}

function birthdateProblem(birthdate: string, now: number, path: string): ErrorDetail | null {
  const at = Date.parse(`${birthdate}T00:00:00Z`);
  if (at > now) return { code: 'invalid_value', path, message: 'The birthdate is in the future.' };
  if (at < Date.parse('1900-01-01T00:00:00Z')) return { code: 'invalid_value', path, message: 'The birthdate is before 1900.' };
  return null;
}

/** The rules the contract's schema cannot say: document type by country, a birthdate in the past. */
export function checkCardholder(input: CardholderInput, now: number, at = '#'): void {
  throwIfAny([
    documentTypeProblem(input.document.type, input.document.country_code ?? input.nationality, `${at}/document/type`),
    birthdateProblem(input.birthdate, now, `${at}/birthdate`),
  ]);
}

/** Builds a cardholder without storing it, so a card and its new holder are written together. */
export function newCardholder(ctx: DomainContext, input: CardholderInput): CardholderRecord {
  return {
    id: ctx.ids.next('carh'),
    first_name: input.first_name,
    middle_name: input.middle_name ?? null,
    last_name: input.last_name,
    second_last_name: input.second_last_name ?? null,
    birthdate: input.birthdate,
    email: input.email,
    phone_number: input.phone_number,
    nationality: input.nationality,
    document: {
      type: input.document.type,
      number: input.document.number,
      country_code: input.document.country_code ?? input.nationality,
      person_type: input.document.person_type ?? 'natural',
    },
    address: storedAddress(input.address),
  };
}

/**
 * The cardholder of a Core card sent without one: the sub-account's ledger account holder, as a
 * cardholder (its names, document, address and contact details). An account holder has no
 * birthdate, so this holder has none until a PATCH gives it one.
 */
export function cardholderFromAccountHolder(ctx: DomainContext, holder: AccountHolderRecord): CardholderRecord {
  const { person } = holder;
  // An account holder's country may be alpha-3 (Mono's SDK); a cardholder's is alpha-2.
  const country = alpha2(person.country_code) as CardholderRecord['nationality'];
  return {
    id: ctx.ids.next('carh'),
    first_name: person.first_name,
    middle_name: null,
    last_name: person.last_name,
    second_last_name: null,
    birthdate: null,
    email: holder.email,
    phone_number: holder.phone_number,
    nationality: country,
    document: { type: person.document_type, number: person.document_number, country_code: country, person_type: person.person_type },
    address: storedAddress(holder.address),
    fromAccountHolderId: holder.id,
  };
}

export function createCardholder(ctx: DomainContext, tenant: Tenant, input: CardholderInput): CardholderRecord {
  checkCardholder(input, ctx.clock.now());
  const cardholder = newCardholder(ctx, input);
  ctx.stores.cardholders.put(tenant.id, cardholder);
  return cardholder;
}

export function getCardholder(ctx: DomainContext, tenant: Tenant, id: string, path = '#/cardholder_id'): CardholderRecord {
  return ctx.stores.cardholders.get(tenant.id, id) ?? notFound(path, 'cardholder');
}

/** §8.2: every field but `document` can change; the contract refuses `document` in the body. */
export function updateCardholder(ctx: DomainContext, tenant: Tenant, id: string, patch: CardholderPatch): CardholderRecord {
  const current = getCardholder(ctx, tenant, id);
  if (patch.birthdate !== undefined) throwIfAny([birthdateProblem(patch.birthdate, ctx.clock.now(), '#/birthdate')]);
  const updated: CardholderRecord = {
    ...current,
    ...patch,
    address: patch.address ? storedAddress(patch.address) : current.address,
  };
  ctx.stores.cardholders.put(tenant.id, updated);
  return updated;
}
