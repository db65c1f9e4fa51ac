/** A seeded source of randomness; the emulator never calls Math.random, so runs repeat. */
export interface Random {
  /** A whole number in [0, bound). */
  int(bound: number): number;
}
