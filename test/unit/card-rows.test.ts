import { describe, expect, it } from 'vitest';
import type { CardSecretRecord } from '../../emulator/ports/records.js';
import { CardRows } from '../../emulator/store/card-rows.js';
import { MemoryCardSecretStore } from '../../emulator/store/memory-card-secret-store.js';
import { MemoryCardStore } from '../../emulator/store/memory-card-store.js';
import { cardRecord } from '../support/records.js';

// Each store alone is held to its port by test/ports (memory-collections and memory-stores).
// Here: the card store and the secret store sharing one card's row, as createStores() makes them.

const TENANT = 'ten_A';
const ALL = { where: { state: ['created', 'active', 'frozen', 'canceled'] as const }, order: 'newest' as const };
const page = { pageNumber: 1, pageSize: 10 };

function sharing() {
  const rows = new CardRows();
  return { cards: new MemoryCardStore(rows), secrets: new MemoryCardSecretStore(rows) };
}

const secretOf = (id: string, values: Partial<CardSecretRecord> = {}): CardSecretRecord => ({
  id,
  pan: '4111117392640587',
  expMonth: 3,
  expYear: 2031,
  cvv: '042',
  tokenReference: 'DNITHE123456789012345678',
  ...values,
});

describe('card rows: the card store and the secret store on the same rows', () => {
  it('card rows: a secret written before its card (as card creation does) is no card: not got, not listed, not counted', () => {
    const { cards, secrets } = sharing();
    const older = cardRecord('car_0000000000000000000001');
    cards.put(TENANT, older);
    secrets.put(TENANT, secretOf('car_0000000000000000000002'));
    expect(cards.get(TENANT, 'car_0000000000000000000002')).toBeUndefined();
    expect(cards.query(TENANT, ALL, page)).toEqual({ items: [older], totalItems: 1 });
    // A filter on the holder walks the rows rather than counting: the secret's row is skipped there too.
    expect(cards.query(TENANT, { where: { cardholderId: older.cardholderId }, order: 'newest' }, page)).toEqual({ items: [older], totalItems: 1 });
    expect(cards.delete(TENANT, 'car_0000000000000000000002')).toBe(false);
    expect(secrets.get(TENANT, 'car_0000000000000000000002')).toEqual(secretOf('car_0000000000000000000002'));
  });

  it('card rows: the card then put joins the list newest, and each store reads back its own half', () => {
    const { cards, secrets } = sharing();
    const older = cardRecord('car_0000000000000000000001');
    const card = cardRecord('car_0000000000000000000002', { nickname: 'nueva' });
    cards.put(TENANT, older);
    secrets.put(TENANT, secretOf(card.id));
    cards.put(TENANT, card);
    expect(cards.get(TENANT, card.id)).toEqual(card);
    expect(secrets.get(TENANT, card.id)).toEqual(secretOf(card.id));
    expect(cards.query(TENANT, ALL, page)).toEqual({ items: [card, older], totalItems: 2 });
  });

  it('card rows: changing the card keeps the secret, and changing the secret (to another shape and back) keeps the card and its place', () => {
    const { cards, secrets } = sharing();
    const first = cardRecord('car_0000000000000000000001');
    const second = cardRecord('car_0000000000000000000002');
    for (const card of [first, second]) {
      secrets.put(TENANT, secretOf(card.id));
      cards.put(TENANT, card);
    }
    const frozen = { ...first, state: 'frozen' as const };
    cards.put(TENANT, frozen);
    expect(secrets.get(TENANT, first.id)).toEqual(secretOf(first.id));
    const other = secretOf(first.id, { pan: '411111739264058', tokenReference: 'tok|1' });
    secrets.put(TENANT, other);
    expect(secrets.get(TENANT, first.id)).toEqual(other);
    secrets.put(TENANT, secretOf(first.id, { cvv: '999' }));
    expect(secrets.get(TENANT, first.id)).toEqual(secretOf(first.id, { cvv: '999' }));
    expect(cards.get(TENANT, first.id)).toEqual(frozen);
    expect(cards.query(TENANT, ALL, page)).toEqual({ items: [second, frozen], totalItems: 2 });
  });

  it('card rows: deleting a card leaves its secret; a card put again under that id comes last, as a new one', () => {
    const { cards, secrets } = sharing();
    const first = cardRecord('car_0000000000000000000001');
    const second = cardRecord('car_0000000000000000000002');
    secrets.put(TENANT, secretOf(first.id));
    cards.put(TENANT, first);
    cards.put(TENANT, second);
    expect(cards.delete(TENANT, first.id)).toBe(true);
    expect(cards.get(TENANT, first.id)).toBeUndefined();
    expect(cards.query(TENANT, ALL, page)).toEqual({ items: [second], totalItems: 1 });
    expect(secrets.get(TENANT, first.id)).toEqual(secretOf(first.id));
    const other = cardRecord('car_0000000000000000000003');
    const otherSecret = secretOf(other.id, { cvv: '1234', tokenReference: 'tok_3' });
    secrets.put(TENANT, otherSecret);
    cards.put(TENANT, other);
    expect(cards.delete(TENANT, other.id)).toBe(true);
    expect(secrets.get(TENANT, other.id)).toEqual(otherSecret);
    expect(cards.delete(TENANT, second.id)).toBe(true);
    expect(secrets.get(TENANT, second.id)).toBeUndefined();
    cards.put(TENANT, first);
    cards.put(TENANT, second);
    expect(cards.query(TENANT, ALL, page)).toEqual({ items: [second, first], totalItems: 2 });
    expect(secrets.get(TENANT, first.id)).toEqual(secretOf(first.id));
  });

  it("card rows: forgetting a tenant or clearing in either store forgets that tenant's cards and secrets in both, and no other tenant's", () => {
    const { cards, secrets } = sharing();
    const card = cardRecord('car_0000000000000000000001');
    const otherId = 'car_0000000000000000000002';
    const fill = () => {
      for (const tenant of [TENANT, 'ten_B']) {
        secrets.put(tenant, secretOf(card.id));
        secrets.put(tenant, secretOf(otherId, { pan: '4111' }));
        cards.put(tenant, card);
      }
    };
    fill();
    secrets.forgetTenant(TENANT);
    expect([cards.get(TENANT, card.id), secrets.get(TENANT, card.id), secrets.get(TENANT, otherId)]).toEqual([undefined, undefined, undefined]);
    expect([cards.get('ten_B', card.id), secrets.get('ten_B', card.id), secrets.get('ten_B', otherId)]).toEqual([card, secretOf(card.id), secretOf(otherId, { pan: '4111' })]);
    fill();
    cards.forgetTenant('ten_B');
    expect([cards.get('ten_B', card.id), secrets.get('ten_B', card.id)]).toEqual([undefined, undefined]);
    expect(cards.query(TENANT, ALL, page).totalItems).toBe(1);
    fill();
    cards.clear();
    expect([TENANT, 'ten_B'].map((tenant) => [cards.get(tenant, card.id), secrets.get(tenant, card.id)])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
    ]);
  });
});
