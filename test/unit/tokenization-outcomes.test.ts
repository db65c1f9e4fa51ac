import { describe, expect, it } from 'vitest';
import { documentMagic } from '../../emulator/domain/sandbox-magic.js';
import { CardNetworkError, type CardNetwork, type ProvisionRequest } from '../../emulator/ports/card-network.js';
import { createSeededRandom } from '../../emulator/runtime/seeded-random.js';
import { createTokenizationOutcomes } from '../../emulator/services/tokenization-outcomes.js';

const request = (tenantId: string, holderDocument = '1023711432'): ProvisionRequest => ({ tenantId, cardId: 'car_5tgliBmzjZ6mpQPRbQjfKj', type: 'plastic', holderName: 'Ana Gómez', holderDocument });

function setUp() {
  const waits: number[] = [];
  const outcomes = createTokenizationOutcomes({ defaultSeed: 42, randomFor: createSeededRandom, wait: async (ms) => void waits.push(ms) });
  let issued = 0;
  const inner: CardNetwork = { provision: async () => ({ pan: '4111110000000000', expMonth: 1, expYear: 2030, cvv: '000', tokenReference: `ref-${++issued}` }) };
  return { outcomes, network: outcomes.wrap(inner), waits, issued: () => issued };
}

/** How a call ended: `success`, or the failure of the CardNetworkError it threw. */
const outcomeOf = (call: Promise<unknown>) => call.then(() => 'success', (error: unknown) => (error instanceof CardNetworkError ? error.failure : `other: ${String(error)}`));

describe('tokenization outcomes', () => {
  it('magic documents: 999…502/503/504 fail as named, 999…700 asks for a wallet OTP, anything else is ordinary', () => {
    expect(documentMagic('9990001502')).toBe('declined');
    expect(documentMagic('999503')).toBe('unavailable');
    expect(documentMagic('999ABC504')).toBe('timeout');
    expect(documentMagic('9991234700')).toBe('wallet_otp');
    for (const ordinary of ['99502', '1000502', '9990001501', '9995', '0999502', '1023711432']) expect(documentMagic(ordinary)).toBeNull();
  });

  it('a "next" rule covers exactly that many calls of its tenant, each waiting its latency, then goes away', async () => {
    const { outcomes, network, waits, issued } = setUp();
    outcomes.setRule('ten_a', { outcome: 'timeout', next: 2, latency_ms: 25 });
    expect(await outcomeOf(network.provision(request('ten_b')))).toBe('success');
    expect(await outcomeOf(network.provision(request('ten_a')))).toBe('timeout');
    expect(outcomes.rule('ten_a')).toMatchObject({ remaining: 1, applied: 1 });
    expect(await outcomeOf(network.provision(request('ten_a')))).toBe('timeout');
    expect(outcomes.rule('ten_a')).toBeNull();
    expect(await outcomeOf(network.provision(request('ten_a')))).toBe('success');
    expect(waits).toEqual([25, 25]);
    expect(issued()).toBe(2);
  });

  it('a "fraction" rule covers about that share of calls, the same calls for the same seed', async () => {
    const draws = async (seed: number) => {
      const { outcomes, network } = setUp();
      outcomes.setRule('ten_a', { outcome: 'declined', fraction: 0.25, seed });
      const results: string[] = [];
      for (let i = 0; i < 2000; i++) results.push(await outcomeOf(network.provision(request('ten_a'))));
      return results;
    };
    const first = await draws(7);
    const declined = first.filter((r) => r === 'declined').length;
    expect(declined).toBeGreaterThan(400);
    expect(declined).toBeLessThan(600);
    expect(await draws(7)).toEqual(first);
    expect(await draws(8)).not.toEqual(first);
  });

  it('a rule decides the calls it covers before the magic document; uncovered calls go by the document', async () => {
    const { outcomes, network } = setUp();
    outcomes.setRule('ten_a', { outcome: 'success', next: 1 });
    expect(await outcomeOf(network.provision(request('ten_a', '9990001503')))).toBe('success');
    expect(await outcomeOf(network.provision(request('ten_a', '9990001503')))).toBe('unavailable');
    expect(await outcomeOf(network.provision(request('ten_a', '9990001700')))).toBe('success');
  });

  it('clear() forgets every tenant\'s rule; deleteRule one', async () => {
    const { outcomes } = setUp();
    outcomes.setRule('ten_a', { outcome: 'declined' });
    outcomes.setRule('ten_b', { outcome: 'declined' });
    outcomes.deleteRule('ten_a');
    expect(outcomes.rule('ten_a')).toBeNull();
    expect(outcomes.rule('ten_b')).not.toBeNull();
    outcomes.clear();
    expect(outcomes.rule('ten_b')).toBeNull();
  });
});
