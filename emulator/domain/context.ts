import type { CardNetwork } from '../ports/card-network.js';
import type { Clock } from '../ports/clock.js';
import type { EventSink } from '../ports/event-sink.js';
import type { IdSource } from '../ports/id-source.js';
import type { Stores } from '../ports/stores.js';

/** What every domain operation may use: injected, so tests control time, ids and the network. */
export interface DomainContext {
  stores: Stores;
  clock: Clock;
  ids: IdSource;
  network: CardNetwork;
  events: EventSink;
  /**
   * How many resets the data has been through. An operation that waits (card creation waits on
   * Visa) compares it before and after, so it never writes into the data that replaced its own.
   */
  generation: number;
}
