/**
 * The bytes of a collection's stored documents, packed into shared slabs of 4 MiB instead of one ArrayBuffer each.
 *
 * Why: V8 keeps a record per ArrayBuffer and walks them all at every full garbage collection, and how often those
 * run grows with the bytes a server allocates. With one ArrayBuffer per document, a server holding 100,000 leads
 * spent about three times the CPU of one holding 1,000 on the same work (docs/decisions.md, "Stored documents live
 * in shared slabs"); slabs keep that count at the collection's bytes / 4 MiB.
 *
 * Slabs are append-only and never written twice, so a document's bytes never change (stored documents are
 * immutable: readers and cursors may keep them). A slab is forgotten once none of its documents is stored any more
 * (the garbage collector frees it when no reader holds a view either); `wantsCompaction` says when the slabs hold
 * more bytes of replaced documents than of stored ones, and the collection then moves the documents of slabs at most
 * half alive (`isSparse`) into fresh slabs (Collection#compact), so memory stays within about twice the live bytes.
 */

/** Bytes per shared slab. */
export const slabBytes = 4 * 1024 * 1024;
/** Documents larger than this get a slab of their own (a shared slab would waste its tail). */
const ownSlabAbove = slabBytes / 4;
/** Dead bytes tolerated whatever the live ones: compacting a small collection would gain nothing. */
const deadBytesFloor = 4 * slabBytes;

interface Slab {
  readonly capacity: number;
  /** Bytes of the documents of this slab that are still stored. */
  live: number;
}

export class DocumentArena {
  readonly #slabs = new Map<ArrayBufferLike, Slab>();
  #current: Buffer | undefined;
  #used = 0;
  #liveBytes = 0;
  #capacityBytes = 0;

  /** A copy of `bytes` in a slab (the copy is what the collection stores). */
  store(bytes: Uint8Array): Buffer {
    const length = bytes.length;
    if (length > ownSlabAbove) {
      const own = Buffer.allocUnsafeSlow(length);
      own.set(bytes);
      this.#track(own.buffer, length).live += length;
      this.#liveBytes += length;
      return own;
    }
    if (this.#current === undefined || this.#used + length > this.#current.length) {
      const previous = this.#current;
      this.#current = Buffer.allocUnsafeSlow(slabBytes);
      this.#used = 0;
      this.#track(this.#current.buffer, slabBytes);
      if (previous !== undefined) this.#forgetIfDead(previous.buffer);
    }
    const view = this.#current.subarray(this.#used, this.#used + length);
    view.set(bytes);
    this.#used += length;
    (this.#slabs.get(this.#current.buffer) as Slab).live += length;
    this.#liveBytes += length;
    return view;
  }

  /** `bytes` (from `store`) is no longer stored: the document was replaced or deleted. */
  release(bytes: Buffer): void {
    const slab = this.#slabs.get(bytes.buffer);
    if (slab === undefined) return;
    slab.live -= bytes.length;
    this.#liveBytes -= bytes.length;
    this.#forgetIfDead(bytes.buffer);
  }

  /** True when the slabs hold more bytes of replaced documents than of stored ones (and more than a few slabs). */
  get wantsCompaction(): boolean {
    return this.#capacityBytes - this.#liveBytes > Math.max(this.#liveBytes, deadBytesFloor);
  }

  /** True when `bytes` lives in a full slab at most half of which is still stored: compaction moves it. */
  isSparse(bytes: Buffer): boolean {
    if (bytes.buffer === this.#current?.buffer) return false;
    const slab = this.#slabs.get(bytes.buffer);
    return slab !== undefined && slab.live * 2 <= slab.capacity;
  }

  /** Forgets every slab (the collection was emptied). */
  reset(): void {
    this.#slabs.clear();
    this.#current = undefined;
    this.#used = 0;
    this.#liveBytes = 0;
    this.#capacityBytes = 0;
  }

  /** Figures for tests: slabs tracked, their bytes, and the bytes of the documents stored in them. */
  figures(): { slabs: number; capacityBytes: number; liveBytes: number } {
    return { slabs: this.#slabs.size, capacityBytes: this.#capacityBytes, liveBytes: this.#liveBytes };
  }

  #track(buffer: ArrayBufferLike, capacity: number): Slab {
    const slab: Slab = { capacity, live: 0 };
    this.#slabs.set(buffer, slab);
    this.#capacityBytes += capacity;
    return slab;
  }

  #forgetIfDead(buffer: ArrayBufferLike): void {
    const slab = this.#slabs.get(buffer);
    if (slab === undefined || slab.live > 0 || buffer === this.#current?.buffer) return;
    this.#slabs.delete(buffer);
    this.#capacityBytes -= slab.capacity;
  }
}
