/**
 * Document keys in `_id` order. A sorted array with binary search: range reads of 500 leads out of 100,000 find
 * their slice in ~17 comparisons instead of decoding every document.
 */
export class SortedKeys {
  #keys: string[] = [];
  /** Bumped on every change, so iterators know when their cached position may have moved. */
  version = 0;

  get size(): number {
    return this.#keys.length;
  }

  /** The key at `index` (0-based, in order). */
  at(index: number): string | undefined {
    return this.#keys[index];
  }

  /** First index whose key is >= `key` (or > `key` when `exclusive`). */
  lowerBound(key: string, exclusive = false): number {
    let low = 0;
    let high = this.#keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const current = this.#keys[middle] as string;
      if (current < key || (exclusive && current === key)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Adds a key that is not present yet. Appending (increasing ObjectIds) is O(1). */
  insert(key: string): void {
    this.version++;
    const last = this.#keys[this.#keys.length - 1];
    if (last === undefined || last < key) {
      this.#keys.push(key);
      return;
    }
    this.#keys.splice(this.lowerBound(key), 0, key);
  }

  /** Removes one key, if present. */
  remove(key: string): void {
    const index = this.lowerBound(key);
    if (this.#keys[index] !== key) return;
    this.version++;
    this.#keys.splice(index, 1);
  }

  /** Removes many keys in one pass (a splice per key would be quadratic for deleteMany on 100,000 leads). */
  removeAll(keys: ReadonlySet<string>): void {
    if (keys.size === 0) return;
    this.version++;
    this.#keys = this.#keys.filter((key) => !keys.has(key));
  }

  /** Replaces the whole content (used when loading a snapshot). */
  reset(keys: string[]): void {
    this.version++;
    this.#keys = keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}
