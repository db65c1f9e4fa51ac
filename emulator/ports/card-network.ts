import type { CardType } from './records.js';

/** What the issuer asks the network for when it creates a card. */
export interface ProvisionRequest {
  /** The tenant issuing the card: outcomes of the Visa step are chosen per tenant. */
  tenantId: string;
  cardId: string;
  type: CardType;
  holderName: string;
  /** The holder's document number, which the emulator's magic values read (README: Tokenization outcomes). */
  holderDocument: string;
}

/** The credentials Visa answers with (the flow page: "a tokenized card number, expiry, and CVV"). */
export interface ProvisionedCard {
  pan: string;
  expMonth: number;
  expYear: number;
  cvv: string;
  /** The network's token reference for the card. */
  tokenReference: string;
}

export type CardNetworkFailure = 'declined' | 'unavailable' | 'timeout';

/** Thrown by a CardNetwork that could not provision; nothing must be created after it. */
export class CardNetworkError extends Error {
  constructor(readonly failure: CardNetworkFailure, message = `card network ${failure}`) {
    super(message);
    this.name = 'CardNetworkError';
  }
}

/** The Visa provisioning step of card creation. */
export interface CardNetwork {
  provision(request: ProvisionRequest): Promise<ProvisionedCard>;
}
