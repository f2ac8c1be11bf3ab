import type { ObjectId } from 'bson';
import { cookieSpecs, fillerCookiePrefixes, fillerCookieWords, type CookieSpec } from './catalogue/cookies.ts';
import type { Site } from './catalogue/sites.ts';
import { cookieValues, type CookieValueContext } from './cookie-values.ts';
import type { ObjectIdFactory } from './object-ids.ts';
import type { SeededRandom } from './random.ts';

/** A cookie as the app stores it: a Mongoose subdocument with its own `_id`. */
export interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  expires?: Date;
  httpOnly: boolean;
  secure: boolean;
  sameSite: CookieSpec['sameSite'];
  _id: ObjectId;
}

export interface CookieJarRequest {
  readonly random: SeededRandom;
  readonly ids: ObjectIdFactory;
  readonly site: Site;
  readonly capturedAtMs: number;
  readonly count: number;
}

/** The stable identity of a cookie in a browser jar. */
export function cookieKey(cookie: { name?: unknown; domain?: unknown; path?: unknown }): string {
  return `${String(cookie.name)}\u0000${String(cookie.domain)}\u0000${String(cookie.path)}`;
}

function domainOf(spec: CookieSpec, site: Site): string {
  if (spec.domain === 'site') return `.${site.domain}`;
  if (spec.domain === 'host') return site.host;
  return spec.domain;
}

/** Expiry as a browser reports it: set some time before capture, so short-lived cookies may already be past. */
function expiresOf(spec: CookieSpec, random: SeededRandom, capturedAtMs: number): Date | undefined {
  if (spec.lifetimeSeconds === null) return undefined;
  const lifetimeMs = spec.lifetimeSeconds * 1000;
  const setBeforeCaptureMs = Math.floor(random.next() * Math.min(lifetimeMs, 30 * 86_400_000));
  return new Date(capturedAtMs - setBeforeCaptureMs + lifetimeMs);
}

/** Weighted sampling without replacement (Efraimidis-Spirakis): common cookies first, rare ones sometimes. */
function sampleSpecs(random: SeededRandom, count: number): CookieSpec[] {
  if (count === 0) return [];
  return cookieSpecs
    .map((spec) => ({ spec, key: random.next() ** (1 / spec.weight) }))
    .sort((a, b) => b.key - a.key)
    .slice(0, count)
    .map(({ spec }) => spec);
}

function fillerSpec(random: SeededRandom, taken: Set<string>, site: Site): CookieSpec {
  let name = `${random.pick(fillerCookiePrefixes)}_${random.pick(fillerCookieWords)}`;
  for (let suffix = 2; taken.has(cookieKey({ name, domain: site.host, path: '/' })); suffix += 1) {
    name = `${name.replace(/_\d+$/, '')}_${suffix}`;
  }
  const lifetimeSeconds = random.chance(0.3) ? null : random.pick([3600, 86_400, 30 * 86_400, 365 * 86_400]);
  return {
    name,
    value: 'short',
    domain: 'host',
    httpOnly: false,
    secure: true,
    sameSite: 'Lax',
    lifetimeSeconds,
    weight: 1,
  };
}

function buildCookie(spec: CookieSpec, request: CookieJarRequest): StoredCookie {
  const { random, site, capturedAtMs, ids } = request;
  const context: CookieValueContext = { random, site, capturedAtMs };
  const name = typeof spec.name === 'string' ? spec.name : spec.name(site);
  const expires = expiresOf(spec, random, capturedAtMs);
  return {
    name,
    value: cookieValues[spec.value](context),
    domain: domainOf(spec, site),
    path: '/',
    ...(expires === undefined ? {} : { expires }),
    httpOnly: spec.httpOnly,
    secure: spec.secure,
    sameSite: spec.sameSite,
    _id: ids.at(capturedAtMs),
  };
}

/**
 * `count` cookies with distinct name, domain and path (a browser jar never holds two): catalogue cookies first,
 * then small first-party ones when the catalogue runs out.
 */
export function generateCookies(request: CookieJarRequest): StoredCookie[] {
  const { random, site, count } = request;
  const cookies = sampleSpecs(random, count).map((spec) => buildCookie(spec, request));
  const taken = new Set(cookies.map(cookieKey));
  while (cookies.length < count) {
    const cookie = buildCookie(fillerSpec(random, taken, site), request);
    taken.add(cookieKey(cookie));
    cookies.push(cookie);
  }
  return cookies;
}
