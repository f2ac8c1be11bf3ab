import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { ObjectStore } from './object-store.ts';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export interface PutJsonOptions {
  /** Compress with gzip (Content-Encoding: gzip); the key must then end in `.gz`, e.g. `.json.gz`. */
  readonly gzip?: boolean;
}

/**
 * Writes `value` as JSON indented by two spaces (reports are read by people). Plain JSON only: a value holding BSON
 * types (ObjectId, Long, Decimal128...) is refused, because JSON.stringify would silently turn them into strings
 * and numbers; serialize such values with EJSON first. Whether an object is gzipped is told by its key (`.gz`), so
 * {@link getJson} can read it back: a key that disagrees with `options.gzip` is an error.
 */
export async function putJson(
  store: ObjectStore,
  key: string,
  value: unknown,
  options: PutJsonOptions = {},
): Promise<void> {
  const compressed = options.gzip ?? false;
  if (compressed !== key.endsWith('.gz')) {
    throw new Error(`JSON object key ${key} must ${compressed ? '' : 'not '}end in .gz when gzip is ${compressed}`);
  }
  const text = `${serialize(key, value)}\n`;
  if (compressed) {
    await store.put(key, await gzipAsync(text), { contentType: 'application/json', contentEncoding: 'gzip' });
  } else {
    await store.put(key, text, { contentType: 'application/json' });
  }
}

/** Reads a JSON object written by {@link putJson} (gunzipped when the key ends in `.gz`), or null when absent. */
export async function getJson<T>(store: ObjectStore, key: string): Promise<T | null> {
  const body = await store.get(key);
  if (body === null) return null;
  try {
    const bytes = key.endsWith('.gz') ? await gunzipAsync(body) : body;
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
  } catch (error) {
    throw new Error(`object ${key} in ${store.description} is not valid JSON: ${messageOf(error)}`, { cause: error });
  }
}

function serialize(key: string, value: unknown): string {
  // The replacer sees values after toJSON; `this[property]` is the value before it, where a BSON type still shows.
  function refuseBsonValues(this: Record<string, unknown>, property: string, converted: unknown): unknown {
    const original = this[property];
    if (typeof original === 'object' && original !== null && '_bsontype' in original) {
      const path = property === '' ? 'the value' : `property ${JSON.stringify(property)}`;
      throw new Error(`${path} is a BSON ${String(original._bsontype)}: serialize it with EJSON`);
    }
    return converted;
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value, refuseBsonValues, 2);
  } catch (error) {
    throw new Error(`cannot write ${key} as JSON: ${messageOf(error)}`, { cause: error });
  }
  if (text === undefined) throw new Error(`cannot write ${key} as JSON: the value is ${typeof value}`);
  return text;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
