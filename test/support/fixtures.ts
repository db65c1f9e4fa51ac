/** A cardholder that satisfies every rule of §8.2. */
export function cardholderInput(overrides: Record<string, unknown> = {}) {
  return {
    first_name: 'Dennis',
    middle_name: 'Mac',
    last_name: 'Ritchie',
    second_last_name: 'Alistair',
    birthdate: '1941-09-09',
    email: 'dennis.ritchie@example.com',
    phone_number: '+573001234567',
    nationality: 'CO',
    document: { type: 'CC', number: '1023711432' },
    address: { line_1: 'Calle 97 # 15-24', line_2: 'Apto. 208', city: 'Chapinero', state: 'Bogotá D.C.', zip_code: '110221', country: 'CO' },
    ...overrides,
  };
}

export function bankingCardInput(accountId: string, overrides: Record<string, unknown> = {}) {
  return { account_id: accountId, cardholder: cardholderInput(), ...overrides };
}

export function accountHolderInput(externalId: string, overrides: Record<string, unknown> = {}) {
  return {
    external_id: externalId,
    person: { country_code: 'CO', document_number: '79123456', document_type: 'CC', first_name: 'Ana', last_name: 'Gómez', person_type: 'natural' },
    address: { line_1: 'Carrera 7 # 71-21', city: 'Bogotá', state: 'Bogotá D.C.', zip_code: '110231', country: 'CO' },
    email: 'ana.gomez@example.com',
    phone_number: '+573109876543',
    ...overrides,
  };
}

/** The lists a tenant can read, to show that a refused request changed nothing. */
export async function snapshotTenant(api: { get(url: string): Promise<{ body: unknown }> }) {
  const read = async (url: string) => (await api.get(url)).body;
  return {
    cards: await read('/v1/cards?state=created,active,frozen,canceled&page_size=500'),
    accounts: await read('/v1/accounts?page_size=500'),
    ledgerAccounts: await read('/v1/ledger/accounts?page_size=500'),
    cardControls: await read('/v1/spending_controls?target=card&page_size=500'),
    groupControls: await read('/v1/spending_controls?target=card_config_group&page_size=500'),
    activationLinks: await read('/v1/cards/activation_links?page_size=500'),
  };
}
