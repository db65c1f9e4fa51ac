import type { CardView } from '../ports/views.js';
import { presentCardholder } from './cardholder.js';
import type { Schemas } from './schemas.js';

/**
 * A card as Mono shows it (§8.1), with its holder and the controls that apply to it. Only the
 * last four digits and the masked number leave the server; the rest stays in the card secrets.
 */
export function presentCard({ card, holder, group }: CardView): Schemas['Card'] {
  return {
    id: card.id,
    account_id: card.accountId,
    cardholder_id: card.cardholderId,
    cardholder: presentCardholder(holder),
    configuration_group_id: card.configurationGroupId,
    last_four: card.maskedPan.slice(-4),
    masked_pan: card.maskedPan,
    nickname: card.nickname,
    spending_controls: { card_target: card.spendingControlId, configuration_group_target: group.spendingControlId },
    state: card.state,
    type: card.type,
    initial_balance: card.initialBalance,
  };
}
