import { CardNetworkError, type CardNetwork, type ProvisionedCard, type ProvisionRequest } from '../ports/card-network.js';
import { fail } from './errors.js';

/**
 * The Visa step of card creation (flow page: "Mono requests credentials from Visa and receives a
 * tokenized card number, expiry, and CVV"). A failed step is an upstream error and creates nothing.
 */
export async function provisionWithNetwork(network: CardNetwork, request: ProvisionRequest): Promise<ProvisionedCard> {
  try {
    return await network.provision(request);
  } catch (error) {
    const failure = error instanceof CardNetworkError ? error.failure : 'declined';
    if (failure === 'unavailable') fail('service_is_unavailable');
    if (failure === 'timeout') fail('card_network_timeout');
    return fail('card_network_error');
  }
}

/** First six and last four digits shown, the rest hidden: what may leave the server. */
export function maskPan(pan: string): string {
  return `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`;
}
