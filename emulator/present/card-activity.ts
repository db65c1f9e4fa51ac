import type { EmulatorComponents } from '../../contracts/index.js';
import type { CardActivityView } from '../ports/views.js';
import { presentCardTransaction } from './card-transaction.js';
import { presentLedgerTransaction } from './ledger-transaction.js';
import { isoMillis } from './time.js';

type Schemas = EmulatorComponents['schemas'];

/**
 * The control plane's answer about a card transaction: the transaction as Mono shows it, and what
 * Mono does not show - why it was declined, where its authorization stands, what it wrote on the
 * ledger and what the card draws on now - so that a test or a dashboard needs no second call.
 */
export function presentCardActivity({ transaction, original, authorization, ledger, funds }: CardActivityView): Schemas['CardActivity'] {
  const decline = transaction.decline;
  const hold = authorization?.hold;
  const inAccount = (amount: number) => ({ amount, currency: authorization!.amount.currency });
  return {
    transaction: presentCardTransaction(transaction),
    decline: decline && {
      reason: decline.reason,
      rule: decline.rule,
      spending_control_id: decline.spendingControlId,
      spending_control_target: decline.spendingControlTarget,
      message: decline.message,
    },
    authorization:
      authorization && hold
        ? {
            transaction_id: authorization.id,
            status: hold.status,
            authorized: inAccount(hold.authorized),
            held: inAccount(hold.held),
            refunded: { amount: authorization.refunded, currency: authorization.merchantAmount.currency },
            expires_at: isoMillis(hold.expiresAt),
          }
        : null,
    original: original && presentCardTransaction(original),
    ledger_transactions: ledger.map(presentLedgerTransaction),
    funds,
  };
}
