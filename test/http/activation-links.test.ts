import { describe, expect, it } from 'vitest';
import { newHolder, newLink, pagePath } from '../support/activation.js';
import { AT_TEST_START, startEmulator, type TestEmulator } from '../support/emulator.js';
import { onlyError } from '../support/errors.js';
import { accountHolderInput, cardholderInput, snapshotTenant } from '../support/fixtures.js';

const ID = (prefix: string) => expect.stringMatching(new RegExp(`^${prefix}_[0-9A-Za-z]{22}$`));

async function cardControl(t: TestEmulator, target: 'card' | 'card_config_group' = 'card', monthly = 300_000_000) {
  const res = await t.api.post('/v1/spending_controls', { target, rules: { velocity: { monthly: { amount: monthly, currency: 'COP' } } } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('POST /v1/cards/activation_links', () => {
  it('activation link: answers the pending activation with its card, and the plastic card exists, created, for the holder', async () => {
    const t = await startEmulator();
    const holder = await newHolder(t);
    const control = await cardControl(t);
    const res = await t.api.post('/v1/cards/activation_links', {
      account_id: t.seed.bankAccountId,
      cardholder_id: holder.id,
      configuration_group_id: t.seed.plasticGroupId,
      nickname: 'Tarjeta física',
      spending_control_id: control,
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: ID('pca'),
      account_id: t.seed.bankAccountId,
      card_id: ID('car'),
      cardholder_id: holder.id,
      configuration_group_id: t.seed.plasticGroupId,
      nickname: 'Tarjeta física',
      spending_control_id: control,
      state: 'pending',
      inserted_at: AT_TEST_START,
      updated_at: AT_TEST_START,
      url: expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1(:\\d+)?/_emulator/activation-page/${res.body.id}\\?token=`)),
    });
    const card = (await t.api.get(`/v1/cards/${res.body.card_id}`)).body;
    expect(card).toMatchObject({
      type: 'plastic',
      state: 'created',
      account_id: t.seed.bankAccountId,
      cardholder_id: holder.id,
      nickname: 'Tarjeta física',
      spending_controls: { card_target: control },
      initial_balance: null,
    });
    expect((await t.api.get(`/v1/cards/activation_links/${res.body.id}`)).body).toEqual(res.body);
  });

  it('activation link: takes a ledger sub-account (lacc_) as well as a bank account, and nickname and control may be null or absent', async () => {
    const t = await startEmulator();
    const holder = await newHolder(t);
    const res = await t.api.post('/v1/cards/activation_links', {
      account_id: t.seed.ledgerAccountId,
      cardholder_id: holder.id,
      configuration_group_id: t.seed.plasticGroupId,
      nickname: null,
      spending_control_id: null,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ account_id: t.seed.ledgerAccountId, nickname: null, spending_control_id: null });
    expect((await t.api.get(`/v1/cards/${res.body.card_id}`)).body).toMatchObject({ account_id: t.seed.ledgerAccountId, type: 'plastic', state: 'created' });
  });

  it('activation link: the url is on the host the client used', async () => {
    const t = await startEmulator();
    const holder = await newHolder(t);
    const res = await t.api.post(
      '/v1/cards/activation_links',
      { account_id: t.seed.bankAccountId, cardholder_id: holder.id, configuration_group_id: t.seed.plasticGroupId },
      { headers: { host: 'sandbox.example.test:8443' } },
    );
    expect(res.body.url.startsWith(`http://sandbox.example.test:8443/_emulator/activation-page/${res.body.id}?token=`)).toBe(true);
  });

  it('activation link: the same X-Idempotency-Key replays the link (200) and issues no second card', async () => {
    const t = await startEmulator();
    const holder = await newHolder(t);
    const body = { account_id: t.seed.bankAccountId, cardholder_id: holder.id, configuration_group_id: t.seed.plasticGroupId };
    const headers = { 'X-Idempotency-Key': 'link-1' };
    const first = await t.api.post('/v1/cards/activation_links', body, { headers });
    const replay = await t.api.post('/v1/cards/activation_links', body, { headers });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(200);
    expect(replay.headers['x-idempotent-replayed']).toBe('true');
    expect(replay.text).toBe(first.text);
    expect((await t.api.get('/v1/cards?state=created')).body.cards).toHaveLength(1);
    expect((await t.api.get('/v1/cards/activation_links')).body.pagination.total_items).toBe(1);
  });

  it('activation link: refused, with nothing issued, for a foreign or unknown holder, account or group, a virtual group, a group control, a short nickname', async () => {
    const t = await startEmulator();
    const holder = await newHolder(t);
    const theirHolder = (await t.other.post('/v1/cards/cardholders', cardholderInput())).body;
    const theirAccount = (await t.other.get('/v1/accounts')).body.accounts[0].id;
    const theirGroup = (await t.other.get('/v1/ledger/tenant/config')).body.card_configuration_groups[1].id;
    const groupControl = await cardControl(t, 'card_config_group');
    const base = { account_id: t.seed.bankAccountId, cardholder_id: holder.id, configuration_group_id: t.seed.plasticGroupId };
    const before = await snapshotTenant(t.api);

    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ cardholder_id: theirHolder.id }, 404, 'item_not_found', '#/cardholder_id'],
      [{ cardholder_id: 'carh_0000000000000000000000' }, 404, 'item_not_found', '#/cardholder_id'],
      [{ account_id: theirAccount }, 404, 'item_not_found', '#/account_id'],
      [{ account_id: 'lacc_0000000000000000000000' }, 404, 'item_not_found', '#/account_id'],
      [{ configuration_group_id: theirGroup }, 404, 'item_not_found', '#/configuration_group_id'],
      [{ configuration_group_id: t.seed.virtualGroupId }, 422, 'invalid_value', '#/configuration_group_id'],
      [{ spending_control_id: groupControl }, 422, 'spending_control_target_mismatch', '#/spending_control_id'],
      [{ spending_control_id: 'spc_0000000000000000000000' }, 404, 'item_not_found', '#/spending_control_id'],
      [{ nickname: 'Mini' }, 422, 'invalid_length', '#/nickname'],
      [{ account_id: 'car_0000000000000000000000' }, 422, 'invalid_format', '#/account_id'],
    ];
    for (const [change, status, code, path] of cases) {
      const res = await t.api.post('/v1/cards/activation_links', { ...base, ...change });
      onlyError(res, status, code, path);
    }
    const missing = await t.api.post('/v1/cards/activation_links', {});
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['#/account_id', '#/cardholder_id', '#/configuration_group_id']);
    expect(await snapshotTenant(t.api)).toEqual(before);
  });

  it('activation link: a sub-account whose holder the tenant does not have cannot carry it (404), another tenant sees nothing', async () => {
    const t = await startEmulator();
    const holder = await newHolder(t);
    const theirHolder = (await t.other.post('/v1/ledger/account_holders', accountHolderInput('theirs'))).body;
    const theirSubAccount = (await t.other.post('/v1/ledger/accounts', { currency_code: 'COP', holder_id: theirHolder.id })).body.id;
    const res = await t.api.post('/v1/cards/activation_links', { account_id: theirSubAccount, cardholder_id: holder.id, configuration_group_id: t.seed.plasticGroupId });
    onlyError(res, 404, 'item_not_found', '#/account_id');

    const link = await newLink(t);
    onlyError(await t.other.get(`/v1/cards/activation_links/${link.id}`), 404, 'item_not_found', '#/plastic_card_activation_id');
    expect((await t.other.get('/v1/cards/activation_links')).body.plastic_card_activations).toEqual([]);
  });
});

describe('GET /v1/cards/activation_links', () => {
  it('list activation links: newest first, paged as Mono pages, each as GET shows it', async () => {
    const t = await startEmulator();
    const links = [];
    for (let i = 0; i < 12; i++) links.push(await newLink(t));
    const first = await t.api.get('/v1/cards/activation_links');
    expect(first.body.pagination).toEqual({ page_number: 1, page_size: 10, total_items: 12, total_pages: 2 });
    expect(first.body.plastic_card_activations.map((l: { id: string }) => l.id)).toEqual(links.slice(2).reverse().map((l) => l.id));
    const second = await t.api.get('/v1/cards/activation_links?page_number=2');
    expect(second.body.plastic_card_activations).toEqual([links[1], links[0]]);
    onlyError(await t.api.get('/v1/cards/activation_links?page_size=5'), 422, 'out_of_range', '#/page_size');
  });

  it('get activation link: unknown is 404, malformed is 422, and it needs the API key', async () => {
    const t = await startEmulator();
    onlyError(await t.api.get('/v1/cards/activation_links/pca_0000000000000000000000'), 404, 'item_not_found', '#/plastic_card_activation_id');
    onlyError(await t.api.get('/v1/cards/activation_links/car_0000000000000000000000'), 422, 'invalid_format', '#/plastic_card_activation_id');
    expect((await t.anonymous.get('/v1/cards/activation_links')).status).toBe(401);
  });
});

describe('POST /v1/cards/activate_plastic_card', () => {
  it('older activation: answers only {url, id}, for an activation the newer operations show', async () => {
    const t = await startEmulator();
    const holder = await newHolder(t);
    const res = await t.api.post('/v1/cards/activate_plastic_card', {
      account_id: t.seed.bankAccountId,
      cardholder_id: holder.id,
      configuration_group_id: t.seed.plasticGroupId,
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['id', 'url']);
    const link = (await t.api.get(`/v1/cards/activation_links/${res.body.id}`)).body;
    expect(link).toMatchObject({ id: res.body.id, url: res.body.url, state: 'pending', nickname: null, cardholder_id: holder.id });
    expect(pagePath(link)).toMatch(/^\/_emulator\/activation-page\/pca_/);
    const withNickname = { account_id: t.seed.bankAccountId, cardholder_id: holder.id, configuration_group_id: t.seed.plasticGroupId, nickname: 'Tarjeta' };
    const lenient = await t.api.post('/v1/cards/activate_plastic_card', withNickname);
    expect(lenient.status).toBe(201);
    expect(lenient.headers['x-emulator-warning']).toBe('ignored unknown field #/nickname');
    expect((await t.api.get(`/v1/cards/activation_links/${lenient.body.id}`)).body.nickname).toBeNull();
    const strict = await startEmulator({ strict: true });
    const strictHolder = await newHolder(strict);
    onlyError(
      await strict.api.post('/v1/cards/activate_plastic_card', { ...withNickname, account_id: strict.seed.bankAccountId, cardholder_id: strictHolder.id, configuration_group_id: strict.seed.plasticGroupId }),
      422,
      'unknown_field',
      '#/nickname',
    );
  });

  it('older activation: refuses a virtual group like the newer operation', async () => {
    const t = await startEmulator();
    const holder = await newHolder(t);
    const res = await t.api.post('/v1/cards/activate_plastic_card', { account_id: t.seed.bankAccountId, cardholder_id: holder.id, configuration_group_id: t.seed.virtualGroupId });
    onlyError(res, 422, 'invalid_value', '#/configuration_group_id');
  });
});
