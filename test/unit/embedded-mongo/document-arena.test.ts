import { BSON, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { DocumentArena, slabBytes } from '#local/embedded-mongo/storage/document-arena.ts';
import { Collection, type StoredDocument } from '#local/embedded-mongo/storage/collection.ts';
import { parseIndexSpec } from '#local/embedded-mongo/storage/index-catalog.ts';
import { PromotedCache } from '#local/embedded-mongo/storage/promoted-cache.ts';

const lead = (id: ObjectId, filler: number, bytes = 30_000): Buffer =>
  Buffer.from(BSON.serialize({ _id: id, note: String(filler), padding: 'x'.repeat(bytes) }));

describe('document arena', () => {
  it('packs documents into shared slabs and gives each its own bytes', () => {
    const arena = new DocumentArena();
    const first = arena.store(Buffer.from([1, 2, 3]));
    const second = arena.store(Buffer.from([4, 5]));
    expect([...first]).toEqual([1, 2, 3]);
    expect([...second]).toEqual([4, 5]);
    expect(second.buffer).toBe(first.buffer);
    expect(arena.figures()).toEqual({ slabs: 1, capacityBytes: slabBytes, liveBytes: 5 });
  });

  it('copies: changing the source afterwards changes nothing stored', () => {
    const arena = new DocumentArena();
    const source = Buffer.from([7, 7, 7]);
    const stored = arena.store(source);
    source.fill(0);
    expect([...stored]).toEqual([7, 7, 7]);
  });

  it('gives a document larger than a quarter slab a slab of its own, forgotten once released', () => {
    const arena = new DocumentArena();
    const large = arena.store(Buffer.alloc(slabBytes / 2, 9));
    expect(large.byteLength).toBe(slabBytes / 2);
    expect(arena.figures().slabs).toBe(1);
    arena.release(large);
    expect(arena.figures()).toEqual({ slabs: 0, capacityBytes: 0, liveBytes: 0 });
  });

  it('forgets a full slab once none of its documents is stored, and keeps the one being filled', () => {
    const arena = new DocumentArena();
    const perSlab = Math.floor(slabBytes / 1000);
    const documents = Array.from({ length: perSlab + 1 }, () => arena.store(Buffer.alloc(1000, 1)));
    expect(arena.figures().slabs).toBe(2);
    for (const document of documents.slice(0, perSlab)) arena.release(document);
    expect(arena.figures().slabs).toBe(1);
    arena.release(documents[perSlab] as Buffer);
    expect(arena.figures()).toEqual({ slabs: 1, capacityBytes: slabBytes, liveBytes: 0 });
  });
});

describe('collection storage under rewrites', () => {
  it('keeps memory within about twice the stored bytes however often documents are replaced', () => {
    const collection = new Collection('db', 'leads', new PromotedCache());
    const ids = Array.from({ length: 2000 }, () => new ObjectId());
    let stored: StoredDocument[] = ids.map((id) => collection.insert(lead(id, 0)));
    for (let round = 1; round <= 6; round++) {
      // Every other lead rewritten each round: slabs end up half alive, the case compaction has to catch.
      stored = stored.map((document, index) =>
        index % 2 === round % 2 ? collection.replace(document, lead(ids[index] as ObjectId, round)) : document,
      );
      const { capacityBytes, liveBytes } = collection.storageFigures();
      expect(liveBytes).toBe(collection.dataBytes);
      expect(capacityBytes).toBeLessThanOrEqual(2 * liveBytes + 5 * slabBytes);
    }
    // Whatever was moved, every lead reads back as its last version, in `_id` order.
    const read = [...collection.scan()].map((document) => BSON.deserialize(document.raw));
    expect(read.map((document) => String(document['_id']))).toEqual(ids.map(String).sort());
    const notes = new Map(read.map((document) => [String(document['_id']), document['note'] as string]));
    ids.forEach((id, index) => expect(notes.get(String(id))).toBe(String(index % 2 === 0 ? 6 : 5)));
  });

  it('leaves the bytes a reader still holds unchanged when their document is replaced or moved', () => {
    const collection = new Collection('db', 'leads', new PromotedCache());
    const ids = Array.from({ length: 1500 }, () => new ObjectId());
    const first = ids.map((id) => collection.insert(lead(id, 0)));
    const held = Buffer.from(first[0]?.raw as Buffer);
    const heldView = first[0]?.raw as Buffer;
    let current = first;
    for (let round = 1; round <= 4; round++)
      current = current.map((document, index) => collection.replace(document, lead(ids[index] as ObjectId, round)));
    expect(heldView.equals(held)).toBe(true);
  });

  it('releases the bytes of a document refused for a duplicate key', () => {
    const collection = new Collection('db', 'leads', new PromotedCache());
    collection.addIndex(parseIndexSpec({ key: { note: 1 }, name: 'note_1', unique: true }));
    const id = new ObjectId();
    const stored = collection.insert(lead(id, 0, 10));
    const otherId = new ObjectId();
    const other = collection.insert(lead(otherId, 1, 10));
    expect(() => collection.insert(lead(id, 2, 10))).toThrow(/E11000/);
    expect(() => collection.insert(lead(new ObjectId(), 0, 10))).toThrow(/E11000/);
    expect(() => collection.replace(other, lead(otherId, 0, 10))).toThrow(/E11000/);
    expect(BSON.deserialize(stored.raw)['note']).toBe('0');
    expect(collection.storageFigures().liveBytes).toBe(collection.dataBytes);
  });
});
