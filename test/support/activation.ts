import { expect } from 'vitest';
import type { ApiResponse } from './contract-client.js';
import type { TestEmulator } from './emulator.js';
import { cardholderInput } from './fixtures.js';

/** A cardholder of tenant A, created through the API. */
export async function newHolder(t: TestEmulator, overrides: Record<string, unknown> = {}): Promise<{ id: string }> {
  const res = await t.api.post('/v1/cards/cardholders', cardholderInput(overrides));
  expect(res.status).toBe(201);
  return res.body;
}

/** An activation link for a new holder on the first bank account and the plastic group, unless told otherwise. */
export async function newLink(t: TestEmulator, overrides: Record<string, unknown> = {}): Promise<any> {
  const holder = 'cardholder_id' in overrides ? undefined : await newHolder(t);
  const res = await t.api.post('/v1/cards/activation_links', {
    account_id: t.seed.bankAccountId,
    configuration_group_id: t.seed.plasticGroupId,
    ...(holder ? { cardholder_id: holder.id } : {}),
    ...overrides,
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** The card's real last four digits, read as the tenant would (the holder reads them off the plastic). */
export async function lastFourOf(t: TestEmulator, cardId: string): Promise<string> {
  return (await t.api.get(`/v1/cards/${cardId}`)).body.last_four;
}

/** What the holder types, right unless told otherwise. */
export function holderSteps(lastFour: string, overrides: Record<string, unknown> = {}) {
  return { last_four: lastFour, alias: 'Tarjeta de viajes', limit: 1_500_000, pin: '4821', pin_confirmation: '4821', ...overrides };
}

/** The control-plane twin of the holder's page. */
export function activateLink(t: TestEmulator, linkId: string, steps: Record<string, unknown>): Promise<ApiResponse> {
  return t.api.post(`/_emulator/activation-links/${linkId}/activate`, steps);
}

/** A last four that is neither the card's nor a magic value. */
export function wrongLastFour(lastFour: string): string {
  return ['1357', '2468'].find((candidate) => candidate !== lastFour)!;
}

/** The page's path and query, as a browser opens the link's url. */
export const pagePath = (link: { url: string }) => {
  const url = new URL(link.url);
  return `${url.pathname}${url.search}`;
};

/** Sends the page's form as a browser does. */
export function submitPage(t: TestEmulator, path: string, fields: Record<string, string>): Promise<ApiResponse> {
  return t.anonymous.post(path, undefined, { raw: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}
