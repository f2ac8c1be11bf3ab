/**
 * Least-recently-used cache of fully decoded (matchable) documents, bounded by the raw BSON bytes they came from.
 * Repeated full-collection queries then skip decoding, while the V8 heap (about 4 GiB by default) stays safe
 * when 100,000 leads of 100 KB are stored: the raw buffers live outside the heap, decoded copies inside it.
 */
import { promoteDocument } from '../bson/promote.ts';

/** Anything cached: identity is the key, `raw` the bytes to decode. */
export interface Decodable {
  readonly raw: Buffer;
}

/** Default budget: raw bytes whose decoded copies may stay cached. */
export const defaultPromotedCacheBytes = 256 * 1024 * 1024;

export class PromotedCache {
  readonly #entries = new Map<Decodable, Record<string, unknown>>();
  readonly #budget: number;
  #bytes = 0;

  constructor(budgetBytes = defaultPromotedCacheBytes) {
    this.#budget = budgetBytes;
  }

  /** The decoded copy of `document` (shared: callers must not mutate it). */
  get(document: Decodable): Record<string, unknown> {
    const cached = this.#entries.get(document);
    if (cached !== undefined) {
      this.#entries.delete(document);
      this.#entries.set(document, cached);
      return cached;
    }
    const decoded = promoteDocument(document.raw);
    if (document.raw.length <= this.#budget) {
      this.#entries.set(document, decoded);
      this.#bytes += document.raw.length;
      this.#evict();
    }
    return decoded;
  }

  /** Drops a document that was replaced or deleted. */
  forget(document: Decodable): void {
    if (this.#entries.delete(document)) this.#bytes -= document.raw.length;
  }

  #evict(): void {
    for (const oldest of this.#entries.keys()) {
      if (this.#bytes <= this.#budget) return;
      this.forget(oldest);
    }
  }
}
