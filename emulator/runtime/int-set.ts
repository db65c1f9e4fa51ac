/**
 * A set of integers from 0 to 2^31 - 2 in one typed array (open addressing, linear probing): 4 to
 * 8 bytes an integer, where a Set of numbers costs about 30. The fake Visa network remembers
 * every account number it issued, a hundred thousand of them after a long CI run.
 */
export class IntSet {
  /** Each integer plus one; 0 marks an empty slot. */
  private slots = new Int32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds `value`; false when it was there already. */
  add(value: number): boolean {
    if (!Number.isInteger(value) || value < 0 || value > 0x7fff_fffe) throw new RangeError(`IntSet holds integers from 0 to 2^31 - 2, not ${value}`);
    // At most half full, so a probe meets an empty slot soon.
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    if (!place(this.slots, value + 1)) return false;
    this.count++;
    return true;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (const stored of old) if (stored !== 0) place(this.slots, stored);
  }
}

/** Puts `stored` into its slot or the next free one; false when it is there already. */
function place(slots: Int32Array, stored: number): boolean {
  const mask = slots.length - 1;
  // Fibonacci hashing spreads consecutive and clustered integers over the table.
  for (let i = Math.imul(stored, 0x9e37_79b1) & mask; ; i = (i + 1) & mask) {
    if (slots[i] === stored) return false;
    if (slots[i] === 0) {
      slots[i] = stored;
      return true;
    }
  }
}
