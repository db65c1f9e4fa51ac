import type { IdPrefix, IdSource } from '../ports/id-source.js';
import type { Random } from '../ports/random.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomBase62(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[random.int(62)];
  return out;
}

/** Ids like Mono's `car_5tgliBmzjZ6mpQPRbQjfKj`: the prefix and 22 base-62 characters. */
export function createIdSource(random: Random): IdSource {
  return { next: (prefix: IdPrefix) => `${prefix}_${randomBase62(random, 22)}` };
}
