/**
 * Which createIndexes specifications the embedded server honours: ascending/descending keys with unique, sparse,
 * partialFilterExpression, hidden and TTL (`expireAfterSeconds`: stored, listed, never expiring, documented).
 * Text, geo, hashed and wildcard indexes and index collations are refused with NotImplemented (238); options
 * MongoDB does not know fail like MongoDB (197 InvalidIndexSpecificationOption).
 */
import { isPlainObject, toMatchable } from '../bson/matchable.ts';
import { fail } from '../errors.ts';
import { notSupported } from './option-policy.ts';

type AnyObject = Record<string, unknown>;

const supported = new Set([
  'key',
  'name',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'v',
  'background',
  'hidden',
  'ns',
]);
const refused: Readonly<Record<string, string>> = {
  collation: 'collations (locale-aware string comparison)',
  weights: 'text indexes',
  default_language: 'text indexes',
  language_override: 'text indexes',
  textIndexVersion: 'text indexes',
  '2dsphereIndexVersion': 'geospatial indexes',
  bits: 'geospatial indexes',
  min: 'geospatial indexes',
  max: 'geospatial indexes',
  bucketSize: 'geospatial indexes',
  wildcardProjection: 'wildcard indexes',
  storageEngine: 'storage engine options',
  clustered: 'clustered collections',
  prepareUnique: 'unique index conversion',
};

/** Throws for the first option or key type of `spec` that the embedded server does not honour. */
export function checkIndexSpec(spec: AnyObject): void {
  for (const option of Object.keys(spec)) {
    if (supported.has(option)) continue;
    const reason = refused[option];
    if (reason !== undefined) notSupported(`The index option '${option}'`, reason);
    fail(
      197,
      `The field '${option}' is not valid for an index specification. Specification: ${JSON.stringify(toMatchable(spec))}`,
    );
  }
  const key = spec['key'];
  if (!isPlainObject(key)) return;
  for (const [field, direction] of Object.entries(key)) {
    if (field === '$**' || field.endsWith('.$**'))
      notSupported(`The wildcard index key '${field}'`, 'wildcard indexes');
    const value = toMatchable(direction);
    if (typeof value === 'string') notSupported(`The '${value}' index on '${field}'`, `${value} indexes`);
  }
}
