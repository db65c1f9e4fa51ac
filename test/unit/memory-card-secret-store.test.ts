import { describe, expect, it } from 'vitest';
import { MemoryCardSecretStore } from '../../emulator/store/memory-card-secret-store.js';

describe('card secret store', () => {
  it('card secrets: what is put comes back whole, per tenant, even a token reference holding the packing separator', () => {
    const store = new MemoryCardSecretStore();
    const secret = { id: 'car_0000000000000000000001', pan: '4111117392640587', expMonth: 3, expYear: 2031, cvv: '042', tokenReference: 'tok|with|bars' };
    store.put('ten_a', secret);
    expect(store.get('ten_a', secret.id)).toEqual(secret);
    expect(store.get('ten_b', secret.id)).toBeUndefined();
    expect(store.get('ten_a', 'car_0000000000000000000002')).toBeUndefined();
  });
});
