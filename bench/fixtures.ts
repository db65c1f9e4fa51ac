/**
 * What every server in the benchmark answers or is sent: one card, shaped like the emulator's
 * answer, and the request that creates one.
 */
export const CARD = {
  id: 'car_AoluwKAoc8L3tvzedi3kNk',
  account_id: 'acc_u0wnGw4mhZyLn7b8eVsB5x',
  cardholder_id: 'carh_Vw5IjxzcMPKApcifzPcc1F',
  cardholder: {
    id: 'carh_Vw5IjxzcMPKApcifzPcc1F',
    first_name: 'Dennis',
    middle_name: null,
    last_name: 'Ritchie',
    second_last_name: null,
    birthdate: '1941-09-09',
    email: 'dennis.ritchie@example.com',
    phone_number: '+573001234567',
    nationality: 'CO',
    document: { type: 'CC', number: '1023711432', country_code: 'CO', person_type: 'natural' },
    address: { line_1: 'Calle 97 # 15-24', line_2: null, city: 'Bogotá', state: 'Bogotá D.C.', zip_code: '110221', country: 'CO', extra: null },
  },
  configuration_group_id: 'ccg_koXFFFpTYC46LU1YVl68CA',
  last_four: '7133',
  masked_pan: '411111******7133',
  nickname: null,
  spending_controls: { card_target: null, configuration_group_target: null },
  state: 'active',
  type: 'virtual',
  initial_balance: null,
};

/** The body of `POST /v1/cards`, on the given bank account. */
export function createCardBody(accountId: string): string {
  return JSON.stringify({
    account_id: accountId,
    cardholder: {
      first_name: 'Dennis',
      last_name: 'Ritchie',
      birthdate: '1941-09-09',
      email: 'dennis.ritchie@example.com',
      phone_number: '+573001234567',
      nationality: 'CO',
      document: { type: 'CC', number: '1023711432' },
      address: { line_1: 'Calle 97 # 15-24', city: 'Bogotá', state: 'Bogotá D.C.', zip_code: '110221', country: 'CO' },
    },
  });
}
