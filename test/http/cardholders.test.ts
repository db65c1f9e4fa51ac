import { describe, expect, it } from 'vitest';
import type { ApiResponse } from '../support/contract-client.js';
import { cardholderInput } from '../support/fixtures.js';
import { startEmulator, TEST_START } from '../support/emulator.js';
import { errorsByPath, warningsOf } from '../support/errors.js';

const CARDHOLDER_ID = /^carh_[0-9A-Za-z]{22}$/;
const DAY_MS = 86_400_000;
/** The calendar date (UTC) `days` after the emulator's starting instant. */
const dateAfterStart = (days: number) => new Date(TEST_START + days * DAY_MS).toISOString().slice(0, 10);

/** The refusal's errors as { path: error_code }, after checking it is a 422 in Mono's envelope. */
function validationErrors(res: ApiResponse): Record<string, string> {
  expect(res.status).toBe(422);
  expect(res.body.message).toBe('Validation errors');
  return errorsByPath(res);
}

/** A cardholder from the fixture with the document's fields replaced. */
const withDocument = (document: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
  cardholderInput({ document, ...overrides });

describe('POST /v1/cards/cardholders', () => {
  it('create cardholder: answers 201 with every field sent, and an id', async () => {
    const { api } = await startEmulator();
    const input = cardholderInput();
    const res = await api.post('/v1/cards/cardholders', input);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(CARDHOLDER_ID),
      first_name: 'Dennis',
      middle_name: 'Mac',
      last_name: 'Ritchie',
      second_last_name: 'Alistair',
      birthdate: '1941-09-09',
      email: 'dennis.ritchie@example.com',
      phone_number: '+573001234567',
      nationality: 'CO',
      document: { type: 'CC', number: '1023711432', country_code: 'CO', person_type: 'natural' },
      address: { line_1: 'Calle 97 # 15-24', line_2: 'Apto. 208', city: 'Chapinero', state: 'Bogotá D.C.', zip_code: '110221', country: 'CO', extra: null },
    });
  });

  it('create cardholder: optional fields left out come back as null, and the document defaults to the nationality and a natural person', async () => {
    const { api } = await startEmulator();
    const { middle_name: _m, second_last_name: _s, ...required } = cardholderInput({
      nationality: 'PE',
      document: { type: 'PASS', number: 'AB123456' },
      address: { line_1: 'Av. Larco 101', city: 'Lima', state: 'Lima', zip_code: '15074', country: 'PE' },
    });
    const res = await api.post('/v1/cards/cardholders', required);

    expect(res.status).toBe(201);
    expect(res.body.middle_name).toBeNull();
    expect(res.body.second_last_name).toBeNull();
    expect(res.body.document).toEqual({ type: 'PASS', number: 'AB123456', country_code: 'PE', person_type: 'natural' });
    expect(res.body.address).toEqual({ line_1: 'Av. Larco 101', line_2: null, city: 'Lima', state: 'Lima', zip_code: '15074', country: 'PE', extra: null });
  });

  it('create cardholder: an explicit document country and person type are kept as sent', async () => {
    const { api } = await startEmulator();
    const res = await api.post(
      '/v1/cards/cardholders',
      withDocument({ type: 'NID', number: '12345678', country_code: 'AR', person_type: 'legal' }),
    );
    expect(res.status).toBe(201);
    expect(res.body.nationality).toBe('CO');
    expect(res.body.document).toEqual({ type: 'NID', number: '12345678', country_code: 'AR', person_type: 'legal' });
  });

  it('create cardholder: each new cardholder gets its own id', async () => {
    const { api } = await startEmulator();
    const first = await api.post('/v1/cards/cardholders', cardholderInput());
    const second = await api.post('/v1/cards/cardholders', cardholderInput());
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
  });

  it('create cardholder: every required field that is missing is named with missing_field', async () => {
    const { api } = await startEmulator();
    const res = await api.post('/v1/cards/cardholders', {});
    const errors = validationErrors(res);
    expect(errors).toEqual({
      '#/address': 'missing_field',
      '#/birthdate': 'missing_field',
      '#/document': 'missing_field',
      '#/email': 'missing_field',
      '#/first_name': 'missing_field',
      '#/last_name': 'missing_field',
      '#/nationality': 'missing_field',
      '#/phone_number': 'missing_field',
    });
  });

  it('create cardholder: the address needs line_1, city, state, zip_code and country, the document its type and number', async () => {
    const { api } = await startEmulator();
    const res = await api.post('/v1/cards/cardholders', cardholderInput({ address: { line_2: 'Apto. 1' }, document: {} }));
    expect(validationErrors(res)).toEqual({
      '#/address/line_1': 'missing_field',
      '#/address/city': 'missing_field',
      '#/address/state': 'missing_field',
      '#/address/zip_code': 'missing_field',
      '#/address/country': 'missing_field',
      '#/document/type': 'missing_field',
      '#/document/number': 'missing_field',
    });
  });

  it('create cardholder: names take 2 to 64 characters', async () => {
    const { api } = await startEmulator();
    const shortest = await api.post(
      '/v1/cards/cardholders',
      cardholderInput({ first_name: 'Al', middle_name: 'Bo', last_name: 'Xu', second_last_name: 'Li' }),
    );
    expect(shortest.status).toBe(201);
    const longest = await api.post('/v1/cards/cardholders', cardholderInput({ first_name: 'a'.repeat(64), last_name: 'b'.repeat(64) }));
    expect(longest.status).toBe(201);
    expect(longest.body.first_name).toBe('a'.repeat(64));

    const tooShort = await api.post(
      '/v1/cards/cardholders',
      cardholderInput({ first_name: 'A', middle_name: 'B', last_name: 'C', second_last_name: 'D' }),
    );
    expect(validationErrors(tooShort)).toEqual({
      '#/first_name': 'invalid_length',
      '#/middle_name': 'invalid_length',
      '#/last_name': 'invalid_length',
      '#/second_last_name': 'invalid_length',
    });
    const tooLong = await api.post(
      '/v1/cards/cardholders',
      cardholderInput({ first_name: 'a'.repeat(65), middle_name: 'b'.repeat(65), last_name: 'c'.repeat(65), second_last_name: 'd'.repeat(65) }),
    );
    expect(validationErrors(tooLong)).toEqual({
      '#/first_name': 'invalid_length',
      '#/middle_name': 'invalid_length',
      '#/last_name': 'invalid_length',
      '#/second_last_name': 'invalid_length',
    });
  });

  it('create cardholder: names and address lines may not hold control characters', async () => {
    const { api } = await startEmulator();
    const res = await api.post(
      '/v1/cards/cardholders',
      cardholderInput({
        first_name: 'Ana\nMaría',
        last_name: 'Gómez\u0000',
        address: { line_1: 'Calle 1\t# 2-3', city: 'Bogotá', state: 'Bogotá D.C.', zip_code: '110221', country: 'CO' },
      }),
    );
    expect(validationErrors(res)).toEqual({ '#/first_name': 'invalid_format', '#/last_name': 'invalid_format', '#/address/line_1': 'invalid_format' });
    const accented = await api.post('/v1/cards/cardholders', cardholderInput({ first_name: 'José Ñuño', last_name: "O'Brien-Pérez" }));
    expect(accented.status).toBe(201);
  });

  it('create cardholder: the email must match Mono\'s pattern (a local part, a domain with one or two dots)', async () => {
    const { api } = await startEmulator();
    for (const email of ['ana@example.co', 'ana.maria+cards@mail.example.co', 'a_b-c@dominio.gov.co']) {
      const res = await api.post('/v1/cards/cardholders', cardholderInput({ email }));
      expect(res.status, email).toBe(201);
      expect(res.body.email).toBe(email);
    }
    for (const email of ['ana', 'ana@localhost', '@example.com', 'ana@@example.com', 'ana@a.b.c.d', 'añá@example.com', 'ana maria@example.com', 'ana@exa_mple.com']) {
      const res = await api.post('/v1/cards/cardholders', cardholderInput({ email }));
      expect(validationErrors(res), email).toEqual({ '#/email': 'invalid_format' });
    }
  });

  it('create cardholder: the phone number must be E.164 (+, a non-zero digit, at most 15 digits)', async () => {
    const { api } = await startEmulator();
    for (const phone_number of ['+12', '+573001234567', `+1${'2'.repeat(14)}`]) {
      const res = await api.post('/v1/cards/cardholders', cardholderInput({ phone_number }));
      expect(res.status, phone_number).toBe(201);
    }
    for (const phone_number of ['3001234567', '+0573001234567', '+5', `+1${'2'.repeat(15)}`, '+57 300 123 4567', '+57-3001234567', '']) {
      const res = await api.post('/v1/cards/cardholders', cardholderInput({ phone_number }));
      expect(validationErrors(res), phone_number).toEqual({ '#/phone_number': 'invalid_format' });
    }
  });

  it('create cardholder: nationality and address country must be ISO 3166-1 alpha-2 codes', async () => {
    const { api } = await startEmulator();
    const res = await api.post(
      '/v1/cards/cardholders',
      cardholderInput({
        nationality: 'co',
        address: { line_1: 'Calle 1', city: 'Bogotá', state: 'Bogotá D.C.', zip_code: '110221', country: 'COL' },
      }),
    );
    expect(validationErrors(res)).toEqual({ '#/nationality': 'invalid_value', '#/address/country': 'invalid_value' });

    const unassigned = await api.post(
      '/v1/cards/cardholders',
      withDocument({ type: 'PASS', number: 'X1234567', country_code: 'XX' }, { nationality: 'ZZ' }),
    );
    expect(validationErrors(unassigned)).toEqual({ '#/nationality': 'invalid_value', '#/document/country_code': 'invalid_value' });
  });

  it('create cardholder: a Colombian document may be any of the Colombian types', async () => {
    const { api } = await startEmulator();
    for (const type of ['CC', 'TI', 'NUIP', 'TE', 'CE', 'NIT', 'PASS', 'PEP', 'PPT', 'FDO', 'RC']) {
      const res = await api.post('/v1/cards/cardholders', withDocument({ type, number: '1023711432' }));
      expect(res.status, type).toBe(201);
      expect(res.body.document).toMatchObject({ type, country_code: 'CO' });
    }
  });

  it('create cardholder: a Colombian document cannot be NID or DL', async () => {
    const { api } = await startEmulator();
    for (const type of ['NID', 'DL']) {
      const res = await api.post('/v1/cards/cardholders', withDocument({ type, number: '1023711432' }));
      expect(validationErrors(res), type).toEqual({ '#/document/type': 'invalid_value' });
    }
  });

  it('create cardholder: a document from outside Colombia must be NID, DL or PASS', async () => {
    const { api } = await startEmulator();
    for (const type of ['NID', 'DL', 'PASS']) {
      const res = await api.post('/v1/cards/cardholders', withDocument({ type, number: 'X1234567' }, { nationality: 'MX' }));
      expect(res.status, type).toBe(201);
      expect(res.body.document).toMatchObject({ type, country_code: 'MX' });
    }
    for (const type of ['CC', 'TI', 'NUIP', 'TE', 'CE', 'NIT', 'PEP', 'PPT', 'FDO', 'RC']) {
      const res = await api.post('/v1/cards/cardholders', withDocument({ type, number: 'X1234567' }, { nationality: 'MX' }));
      expect(validationErrors(res), type).toEqual({ '#/document/type': 'invalid_value' });
    }
  });

  it("create cardholder: the document's own country_code, not the nationality, decides which types are allowed", async () => {
    const { api } = await startEmulator();
    const colombianDocument = await api.post('/v1/cards/cardholders', withDocument({ type: 'CE', number: '123456', country_code: 'CO' }, { nationality: 'VE' }));
    expect(colombianDocument.status).toBe(201);
    expect(colombianDocument.body.document).toMatchObject({ type: 'CE', country_code: 'CO' });

    const foreignDocument = await api.post('/v1/cards/cardholders', withDocument({ type: 'CC', number: '123456', country_code: 'VE' }));
    expect(validationErrors(foreignDocument)).toEqual({ '#/document/type': 'invalid_value' });
  });

  it('create cardholder: an unknown document type or person type is refused', async () => {
    const { api } = await startEmulator();
    const res = await api.post('/v1/cards/cardholders', withDocument({ type: 'DNI', number: '1023711432', person_type: 'juridica' }));
    expect(validationErrors(res)).toEqual({ '#/document/type': 'invalid_value', '#/document/person_type': 'invalid_value' });
  });

  it('create cardholder: a document number is 3 to 20 letters, digits or dashes', async () => {
    const { api } = await startEmulator();
    for (const number of ['123', 'AB-12', '1'.repeat(20)]) {
      expect((await api.post('/v1/cards/cardholders', withDocument({ type: 'CC', number }))).status, number).toBe(201);
    }
    for (const number of ['12', '1'.repeat(21), '1023 711 432', '1023.711.432']) {
      const res = await api.post('/v1/cards/cardholders', withDocument({ type: 'CC', number }));
      expect(validationErrors(res), number).toEqual({ '#/document/number': 'invalid_format' });
    }
  });

  it('create cardholder: too-long address parts and strings are refused with invalid_length', async () => {
    const { api } = await startEmulator();
    const res = await api.post(
      '/v1/cards/cardholders',
      cardholderInput({
        email: `${'a'.repeat(250)}@example.com`,
        address: {
          line_1: 'x'.repeat(129),
          line_2: 'y'.repeat(129),
          city: 'c'.repeat(65),
          state: 's'.repeat(65),
          zip_code: '110221',
          country: 'CO',
          extra: 'e'.repeat(256),
        },
      }),
    );
    expect(validationErrors(res)).toEqual({
      '#/email': 'invalid_length',
      '#/address/line_1': 'invalid_length',
      '#/address/line_2': 'invalid_length',
      '#/address/city': 'invalid_length',
      '#/address/state': 'invalid_length',
      '#/address/extra': 'invalid_length',
    });
  });

  it('create cardholder: fields of the wrong JSON type answer invalid_type at their path', async () => {
    const { api } = await startEmulator();
    const res = await api.post(
      '/v1/cards/cardholders',
      cardholderInput({
        first_name: 42,
        middle_name: ['Mac'],
        birthdate: 19410909,
        phone_number: 573001234567,
        document: 'CC 1023711432',
        address: { line_1: 'Calle 1', city: 'Bogotá', state: 'Bogotá D.C.', zip_code: 110221, country: 'CO' },
      }),
    );
    expect(validationErrors(res)).toEqual({
      '#/first_name': 'invalid_type',
      '#/middle_name': 'invalid_type',
      '#/birthdate': 'invalid_type',
      '#/phone_number': 'invalid_type',
      '#/document': 'invalid_type',
      '#/address/zip_code': 'invalid_type',
    });
  });

  it('create cardholder: fields the contract does not know are ignored with a warning each; under strict they are refused with unknown_field', async () => {
    const input = cardholderInput({ id: 'carh_5tgliBmzjZ6mpQPRbQjfKj', gender: 'M', document: { type: 'CC', number: '1023711432', issued_at: '2000-01-01' } });
    const { api } = await startEmulator();
    const lenient = await api.post('/v1/cards/cardholders', input);
    expect(lenient.status).toBe(201);
    expect(lenient.body.id).not.toBe('carh_5tgliBmzjZ6mpQPRbQjfKj');
    expect(lenient.body).not.toHaveProperty('gender');
    expect(lenient.body.document).toEqual({ type: 'CC', number: '1023711432', country_code: 'CO', person_type: 'natural' });
    expect(warningsOf(lenient).sort()).toEqual(['ignored unknown field #/document/issued_at', 'ignored unknown field #/gender', 'ignored unknown field #/id']);

    const strict = await (await startEmulator({ strict: true })).api.post('/v1/cards/cardholders', input);
    expect(validationErrors(strict)).toEqual({ '#/id': 'unknown_field', '#/gender': 'unknown_field', '#/document/issued_at': 'unknown_field' });
  });

  it('create cardholder: the birthdate must be a real calendar date written YYYY-MM-DD', async () => {
    const { api } = await startEmulator();
    for (const birthdate of ['1941-9-9', '09/09/1941', '1941-02-30', '1941-13-01']) {
      const res = await api.post('/v1/cards/cardholders', cardholderInput({ birthdate }));
      expect(validationErrors(res), birthdate).toEqual({ '#/birthdate': 'invalid_format' });
    }
  });

  it("create cardholder: a birthdate after the emulator's today is refused; today itself is accepted", async () => {
    const { api } = await startEmulator();
    const tomorrow = await api.post('/v1/cards/cardholders', cardholderInput({ birthdate: dateAfterStart(1) }));
    expect(validationErrors(tomorrow)).toEqual({ '#/birthdate': 'invalid_value' });
    const today = await api.post('/v1/cards/cardholders', cardholderInput({ birthdate: dateAfterStart(0) }));
    expect(today.status).toBe(201);
    expect(today.body.birthdate).toBe(dateAfterStart(0));
  });

  it("create cardholder: the birthdate is judged against the emulator's clock, not the machine's", async () => {
    const { api } = await startEmulator();
    const birthdate = dateAfterStart(90);
    const refused = await api.post('/v1/cards/cardholders', cardholderInput({ birthdate }));
    expect(validationErrors(refused)).toEqual({ '#/birthdate': 'invalid_value' });

    expect((await api.post('/_emulator/clock/advance', { seconds: 100 * 86_400 })).status).toBe(200);
    const accepted = await api.post('/v1/cards/cardholders', cardholderInput({ birthdate }));
    expect(accepted.status).toBe(201);
  });

  it('create cardholder: a well-formed body that breaks several rules the schema cannot say has every one of them named', async () => {
    const { api } = await startEmulator();
    const businessOnly = await api.post(
      '/v1/cards/cardholders',
      withDocument({ type: 'CC', number: '1234567' }, { nationality: 'US', birthdate: '2099-01-01' }),
    );
    expect(validationErrors(businessOnly)).toEqual({ '#/document/type': 'invalid_value', '#/birthdate': 'invalid_value' });
  });

  it('create cardholder: without an API key the answer is 401', async () => {
    const { anonymous } = await startEmulator();
    const res = await anonymous.post('/v1/cards/cardholders', cardholderInput());
    expect(res.status).toBe(401);
  });
});

describe('GET /v1/cards/cardholders/{id}', () => {
  it('get cardholder: answers the cardholder exactly as created', async () => {
    const { api } = await startEmulator();
    const created = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    const res = await api.get(`/v1/cards/cardholders/${created.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created);
  });

  it('get cardholder: a malformed id is 422 invalid_format at #/cardholder_id', async () => {
    const { api } = await startEmulator();
    for (const id of ['carh_short', 'car_5tgliBmzjZ6mpQPRbQjfKj', 'carh_5tgliBmzjZ6mpQPRbQjfK!', 'CARH_5tgliBmzjZ6mpQPRbQjfKj']) {
      const res = await api.get(`/v1/cards/cardholders/${encodeURIComponent(id)}`);
      expect(res.status, id).toBe(422);
      expect(res.body.errors, id).toEqual([expect.objectContaining({ error_code: 'invalid_format', path: '#/cardholder_id' })]);
    }
  });

  it('get cardholder: an unknown id is 404 item_not_found at #/cardholder_id', async () => {
    const { api } = await startEmulator();
    const res = await api.get('/v1/cards/cardholders/carh_0000000000000000000000');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('404 Not Found');
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'item_not_found', path: '#/cardholder_id' })]);
  });

  it("get cardholder: another tenant's cardholder is 404, as if it did not exist", async () => {
    const { api, other } = await startEmulator();
    const created = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    const res = await other.get(`/v1/cards/cardholders/${created.id}`);
    expect(res.status).toBe(404);
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'item_not_found', path: '#/cardholder_id' })]);
  });
});

describe('PATCH /v1/cards/cardholders/{id}', () => {
  it('update cardholder: every field but the document can change, and the change is kept', async () => {
    const { api } = await startEmulator();
    const created = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    const patch = {
      first_name: 'Ken',
      middle_name: 'Lane',
      last_name: 'Thompson',
      second_last_name: 'Bell',
      birthdate: '1943-02-04',
      email: 'ken@unix.example.org',
      phone_number: '+14155550100',
      nationality: 'US',
      address: { line_1: '600 Mountain Ave', city: 'Murray Hill', state: 'NJ', zip_code: '07974', country: 'US' },
    };
    const res = await api.patch(`/v1/cards/cardholders/${created.id}`, patch);

    const expected = {
      ...patch,
      id: created.id,
      document: created.document,
      address: { ...patch.address, line_2: null, extra: null },
    };
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expected);
    expect((await api.get(`/v1/cards/cardholders/${created.id}`)).body).toEqual(expected);
  });

  it('update cardholder: a single field changes alone; the others stay as they were', async () => {
    const { api } = await startEmulator();
    const created = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    for (const [field, value] of [
      ['first_name', 'Brian'],
      ['last_name', 'Kernighan'],
      ['email', 'bwk@example.com'],
      ['phone_number', '+573109998877'],
      ['birthdate', '1942-01-01'],
      ['nationality', 'CA'],
    ] as const) {
      const before = (await api.get(`/v1/cards/cardholders/${created.id}`)).body;
      const res = await api.patch(`/v1/cards/cardholders/${created.id}`, { [field]: value });
      expect(res.status, field).toBe(200);
      expect(res.body, field).toEqual({ ...before, [field]: value });
    }
  });

  it('update cardholder: a new address replaces the old one whole; lines left out become null', async () => {
    const { api } = await startEmulator();
    const created = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    expect(created.address.line_2).toBe('Apto. 208');

    const address = { line_1: 'Carrera 43A # 1-50', city: 'Medellín', state: 'Antioquia', zip_code: '050021', country: 'CO', extra: 'Torre 2' };
    const res = await api.patch(`/v1/cards/cardholders/${created.id}`, { address });
    expect(res.status).toBe(200);
    expect(res.body.address).toEqual({ ...address, line_2: null });
    expect(res.body.first_name).toBe(created.first_name);
  });

  it('update cardholder: a partial address is refused, not merged with the old one', async () => {
    const { api } = await startEmulator();
    const created = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    const res = await api.patch(`/v1/cards/cardholders/${created.id}`, { address: { city: 'Medellín' } });
    expect(validationErrors(res)).toEqual({
      '#/address/line_1': 'missing_field',
      '#/address/state': 'missing_field',
      '#/address/zip_code': 'missing_field',
      '#/address/country': 'missing_field',
    });
    expect((await api.get(`/v1/cards/cardholders/${created.id}`)).body).toEqual(created);
  });

  it('update cardholder: middle_name and second_last_name set to null clear them', async () => {
    const { api } = await startEmulator();
    const created = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    expect(created.middle_name).toBe('Mac');
    const res = await api.patch(`/v1/cards/cardholders/${created.id}`, { middle_name: null, second_last_name: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...created, middle_name: null, second_last_name: null });
    expect((await api.get(`/v1/cards/cardholders/${created.id}`)).body.middle_name).toBeNull();
  });

  it('update cardholder: required names cannot be cleared with null', async () => {
    const { api } = await startEmulator();
    const created = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    const res = await api.patch(`/v1/cards/cardholders/${created.id}`, { first_name: null, last_name: null, email: null });
    expect(validationErrors(res)).toEqual({ '#/first_name': 'invalid_type', '#/last_name': 'invalid_type', '#/email': 'invalid_type' });
    expect((await api.get(`/v1/cards/cardholders/${created.id}`)).body).toEqual(created);
  });

  it('update cardholder: the document cannot be changed: it is ignored with a warning; under strict it is 422 unknown_field at #/document and nothing else is applied', async () => {
    const patch = { first_name: 'Ken', document: { type: 'CC', number: '99999999' } };
    const { api } = await startEmulator();
    const created = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    const lenient = await api.patch(`/v1/cards/cardholders/${created.id}`, patch);
    expect(lenient.status).toBe(200);
    expect(lenient.body).toEqual({ ...created, first_name: 'Ken' });
    expect(warningsOf(lenient)).toEqual(['ignored unknown field #/document']);

    const strict = (await startEmulator({ strict: true })).api;
    const kept = (await strict.post('/v1/cards/cardholders', cardholderInput())).body;
    expect(validationErrors(await strict.patch(`/v1/cards/cardholders/${kept.id}`, patch))).toEqual({ '#/document': 'unknown_field' });
    expect((await strict.get(`/v1/cards/cardholders/${kept.id}`)).body).toEqual(kept);
  });

  it('update cardholder: an empty body is refused as a whole', async () => {
    const { api } = await startEmulator();
    const created = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    const res = await api.patch(`/v1/cards/cardholders/${created.id}`, {});
    expect(res.status).toBe(422);
    expect(res.body.errors).toHaveLength(1);
    // ErrorItem.path: "null when it is about the whole request".
    expect(res.body.errors[0]).toMatchObject({ error_code: 'invalid_value', path: null });
    expect((await api.get(`/v1/cards/cardholders/${created.id}`)).body).toEqual(created);
  });

  it('update cardholder: the same rules as on create apply to each field sent', async () => {
    const { api } = await startEmulator();
    const created = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    const res = await api.patch(`/v1/cards/cardholders/${created.id}`, {
      first_name: 'K',
      last_name: 'x'.repeat(65),
      email: 'ken@',
      phone_number: '+0123',
      nationality: 'USA',
      birthdate: '1943-02-30',
      address: { line_1: 'x', city: 'y', state: 'z', zip_code: '1', country: 'US' },
    });
    expect(validationErrors(res)).toEqual({
      '#/first_name': 'invalid_length',
      '#/last_name': 'invalid_length',
      '#/email': 'invalid_format',
      '#/phone_number': 'invalid_format',
      '#/nationality': 'invalid_value',
      '#/birthdate': 'invalid_format',
      '#/address/zip_code': 'invalid_format',
    });
    expect((await api.get(`/v1/cards/cardholders/${created.id}`)).body).toEqual(created);
  });

  it('update cardholder: a birthdate in the future is refused and the cardholder keeps the old one', async () => {
    const { api } = await startEmulator();
    const created = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    const res = await api.patch(`/v1/cards/cardholders/${created.id}`, { birthdate: dateAfterStart(1), first_name: 'Ken' });
    expect(validationErrors(res)).toEqual({ '#/birthdate': 'invalid_value' });
    expect((await api.get(`/v1/cards/cardholders/${created.id}`)).body).toEqual(created);
  });

  it('update cardholder: a malformed id is 422 at #/cardholder_id, an unknown one 404', async () => {
    const { api } = await startEmulator();
    const malformed = await api.patch('/v1/cards/cardholders/carh_nope', { first_name: 'Ken' });
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_format', path: '#/cardholder_id' })]);

    const unknown = await api.patch('/v1/cards/cardholders/carh_0000000000000000000000', { first_name: 'Ken' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ error_code: 'item_not_found', path: '#/cardholder_id' })]);
  });

  it("update cardholder: another tenant's cardholder is 404 and stays unchanged", async () => {
    const { api, other } = await startEmulator();
    const created = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    const res = await other.patch(`/v1/cards/cardholders/${created.id}`, { first_name: 'Mallory' });
    expect(res.status).toBe(404);
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'item_not_found', path: '#/cardholder_id' })]);
    expect((await api.get(`/v1/cards/cardholders/${created.id}`)).body).toEqual(created);
  });
});
