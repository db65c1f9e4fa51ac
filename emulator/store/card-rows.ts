import type { CardRecord, CardSecretRecord } from '../ports/records.js';

/** What cards rarely share: their holder and their number's mask. Everything else repeats from card to card. */
export type CardContent = Omit<CardRecord, 'id' | 'cardholderId' | 'maskedPan'>;

type Secret = Omit<CardSecretRecord, 'id'>;

/** "No value" in a packed field: every packed value is 0 or more. */
const NONE = -1;

const PAN = /^(\d{8})(\d{8})$/;
const CVV = /^\d{3}$/;
/** The fake Visa network's token references (runtime/fake-visa-network.ts): a fixed prefix and 18 digits. */
const TOKEN_PREFIX = 'DNITHE';
const TOKEN = /^DNITHE(\d{9})(\d{9})$/;

const pad = (value: number, length: number) => String(value).padStart(length, '0');

/**
 * One card's row: the card (its holder, its pooled mask, and a content shared with the cards
 * alike) and its secret, which is written with the card and kept apart from it only by the ports
 * (a card store and a secret store reading the same rows). A secret of the shape the fake Visa
 * network gives (16-digit PAN, 3-digit CVV, `DNITHE` and 18 digits) is packed into five small
 * integers held in the row itself: V8 keeps each inside the object, where a packed string cost
 * 72 bytes and a map entry of its own ~37 at a hundred thousand cards. Any other secret (an
 * injected network's) is kept as it came, beside the rows (TenantCardRows.otherSecrets).
 */
export class CardRow {
  cardholderId: string | undefined = undefined;
  maskedPan: string | undefined = undefined;
  /** Undefined while the row holds only a secret (it is written first) or after the card was deleted. */
  content: CardContent | undefined = undefined;
  private panHigh = NONE;
  private panLow = NONE;
  /** (year × 12 + month − 1) × 1000 + CVV: below 2^31 for any year up to 9999, so V8 keeps it as a small integer. */
  private expiryCvv = NONE;
  private tokenHigh = NONE;
  private tokenLow = NONE;

  hasCard(): boolean {
    return this.content !== undefined;
  }

  card(id: string): CardRecord {
    return { id, cardholderId: this.cardholderId!, maskedPan: this.maskedPan!, ...this.content! };
  }

  setCard(cardholderId: string, maskedPan: string, content: CardContent): void {
    this.cardholderId = cardholderId;
    this.maskedPan = maskedPan;
    this.content = content;
  }

  deleteCard(): void {
    this.cardholderId = undefined;
    this.maskedPan = undefined;
    this.content = undefined;
  }

  hasPackedSecret(): boolean {
    return this.panHigh !== NONE;
  }

  packedSecret(id: string): CardSecretRecord | undefined {
    if (this.panHigh === NONE) return undefined;
    const expiry = Math.floor(this.expiryCvv / 1000);
    return {
      id,
      pan: pad(this.panHigh, 8) + pad(this.panLow, 8),
      expMonth: (expiry % 12) + 1,
      expYear: Math.floor(expiry / 12),
      cvv: pad(this.expiryCvv % 1000, 3),
      tokenReference: TOKEN_PREFIX + pad(this.tokenHigh, 9) + pad(this.tokenLow, 9),
    };
  }

  /** Packs `secret` into the row; false (and no secret in the row) when it has another shape. */
  packSecret(secret: CardSecretRecord): boolean {
    const pan = PAN.exec(secret.pan);
    const token = TOKEN.exec(secret.tokenReference);
    const { expMonth, expYear } = secret;
    const packable =
      pan && token && CVV.test(secret.cvv) && Number.isInteger(expMonth) && expMonth >= 1 && expMonth <= 12 && Number.isInteger(expYear) && expYear >= 0 && expYear <= 9999;
    if (!packable) {
      this.panHigh = this.panLow = this.expiryCvv = this.tokenHigh = this.tokenLow = NONE;
      return false;
    }
    this.panHigh = Number(pan[1]);
    this.panLow = Number(pan[2]);
    this.expiryCvv = (expYear * 12 + expMonth - 1) * 1000 + Number(secret.cvv);
    this.tokenHigh = Number(token[1]);
    this.tokenLow = Number(token[2]);
    return true;
  }
}

export interface CardBucket {
  state: string;
  type: string;
  accountId: string;
  count: number;
}

/** One tenant's card rows. */
export interface TenantCardRows {
  byId: Map<string, CardRow>;
  /** Ids of the rows holding a card, oldest first; walked from the end, it gives the newest-first order lists use. */
  order: string[];
  /** Card counts per (state, type, account): a list's total never needs a scan. */
  buckets: Map<string, CardBucket>;
  /** The secrets that did not fit a row's packed fields, by card id (none with the fake Visa network). */
  otherSecrets: Map<string, Secret>;
}

/** A card's row among its tenant's, made when it has none yet. */
export function rowOf(rows: TenantCardRows, id: string): CardRow {
  let row = rows.byId.get(id);
  if (!row) rows.byId.set(id, (row = new CardRow()));
  return row;
}

/**
 * The rows of every tenant's cards, shared by the memory card store and the memory secret store
 * (store/create-stores.ts): forgetting a tenant, or clearing, in either forgets both, as
 * Stores.forgetTenant and Stores.clear do for every store anyway.
 */
export class CardRows {
  private readonly tenants = new Map<string, TenantCardRows>();

  of(tenantId: string): TenantCardRows | undefined {
    return this.tenants.get(tenantId);
  }

  /** The tenant's rows, made when it has none yet. */
  ofOrNew(tenantId: string): TenantCardRows {
    let rows = this.tenants.get(tenantId);
    if (!rows) this.tenants.set(tenantId, (rows = { byId: new Map(), order: [], buckets: new Map(), otherSecrets: new Map() }));
    return rows;
  }

  forgetTenant(tenantId: string): void {
    this.tenants.delete(tenantId);
  }

  clear(): void {
    this.tenants.clear();
  }
}
