import type { PlasticCardActivationRecord } from '../ports/records.js';
import type { Schemas } from './schemas.js';
import { isoSeconds } from './time.js';

/** An activation link as Mono's build_activation_link and get_plastic_card_activation pages show it. */
export function presentActivation(link: PlasticCardActivationRecord): Schemas['PlasticCardActivation'] {
  return {
    id: link.id,
    account_id: link.accountId,
    card_id: link.cardId,
    cardholder_id: link.cardholderId,
    configuration_group_id: link.configurationGroupId,
    nickname: link.nickname,
    spending_control_id: link.spendingControlId,
    state: link.state,
    inserted_at: isoSeconds(link.insertedAt),
    updated_at: isoSeconds(link.updatedAt),
    url: link.url,
  };
}
