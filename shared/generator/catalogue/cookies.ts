import type { CookieValueKind } from '../cookie-values.ts';
import type { Site } from './sites.ts';

export type SameSite = 'Strict' | 'Lax' | 'None';

/**
 * A cookie that real broker sites and their embedded tools set. `domain` is `site` (`.example-broker.com`, shared by
 * subdomains), `host` (host-only, `www.example-broker.com`) or a third-party domain.
 */
export interface CookieSpec {
  readonly name: string | ((site: Site) => string);
  readonly value: CookieValueKind;
  readonly domain: 'site' | 'host' | `.${string}`;
  readonly httpOnly: boolean;
  readonly secure: boolean;
  readonly sameSite: SameSite;
  /** Lifetime in seconds; null for a session cookie (no `expires`). */
  readonly lifetimeSeconds: number | null;
  /** How likely a session is to hold it, relative to the others. */
  readonly weight: number;
}

const minute = 60;
const day = 86_400;
const year = 365 * day;

function spec(
  name: CookieSpec['name'],
  value: CookieValueKind,
  domain: CookieSpec['domain'],
  flags: 'http' | 'http-secure' | 'secure' | 'plain',
  sameSite: SameSite,
  lifetimeSeconds: number | null,
  weight: number,
): CookieSpec {
  const httpOnly = flags === 'http' || flags === 'http-secure';
  const secure = flags === 'http-secure' || flags === 'secure';
  return { name, value, domain, httpOnly, secure, sameSite, lifetimeSeconds, weight };
}

export const cookieSpecs: readonly CookieSpec[] = [
  spec('_ga', 'ga', 'site', 'plain', 'Lax', 2 * year, 95),
  spec((site) => `_ga_${site.analyticsId}`, 'ga4', 'site', 'plain', 'Lax', 2 * year, 85),
  spec('_gid', 'gid', 'site', 'plain', 'Lax', day, 70),
  spec('_gat_gtag_UA_48213901_1', 'one', 'site', 'plain', 'Lax', minute, 20),
  spec('_fbp', 'fbp', 'site', 'plain', 'Lax', 90 * day, 65),
  spec('_gcl_au', 'gclAu', 'site', 'plain', 'Lax', 90 * day, 55),
  spec('__cf_bm', 'cfBm', 'site', 'http-secure', 'None', 30 * minute, 60),
  spec('cf_clearance', 'cfClearance', 'site', 'http-secure', 'None', year, 35),
  spec('_cfuvid', 'cfuvid', 'site', 'http-secure', 'None', null, 30),
  spec('sessionid', 'sessionId', 'host', 'http-secure', 'Lax', 14 * day, 35),
  spec('csrftoken', 'csrfToken', 'host', 'secure', 'Lax', year, 35),
  spec('JSESSIONID', 'javaSessionId', 'host', 'http-secure', 'Lax', null, 20),
  spec('PHPSESSID', 'phpSessionId', 'host', 'http', 'Lax', null, 25),
  spec('access_token', 'accessToken', 'host', 'secure', 'Strict', day, 30),
  spec('refresh_token', 'refreshToken', 'host', 'http-secure', 'Strict', 30 * day, 25),
  spec('__Secure-next-auth.session-token', 'nextAuthSession', 'host', 'http-secure', 'Lax', 30 * day, 18),
  spec('__Host-next-auth.csrf-token', 'nextAuthCsrf', 'host', 'http-secure', 'Lax', null, 18),
  spec('__Secure-next-auth.callback-url', 'callbackUrl', 'host', 'http-secure', 'Lax', null, 15),
  spec('client_state', 'stateBlob', 'host', 'secure', 'Lax', 7 * day, 3),
  spec('AWSALB', 'awsAlb', 'host', 'plain', 'Lax', 7 * day, 30),
  spec('AWSALBCORS', 'awsAlb', 'host', 'secure', 'None', 7 * day, 28),
  spec('OptanonConsent', 'optanonConsent', 'site', 'plain', 'Lax', year, 35),
  spec('OptanonAlertBoxClosed', 'isoDate', 'site', 'plain', 'Lax', year, 30),
  spec('locale', 'locale', 'host', 'plain', 'Lax', year, 30),
  spec((site) => `_hjSessionUser_${site.hotjarId}`, 'hotjarUser', 'site', 'secure', 'None', year, 30),
  spec((site) => `_hjSession_${site.hotjarId}`, 'hotjarSession', 'site', 'secure', 'None', 30 * minute, 25),
  spec((site) => `intercom-session-${site.intercomAppId}`, 'intercomSession', 'site', 'plain', 'Lax', 7 * day, 25),
  spec((site) => `intercom-id-${site.intercomAppId}`, 'uuid', 'site', 'plain', 'Lax', 270 * day, 28),
  spec((site) => `intercom-device-id-${site.intercomAppId}`, 'uuid', 'site', 'plain', 'Lax', 270 * day, 25),
  spec((site) => `mp_${site.mixpanelToken}_mixpanel`, 'mixpanel', 'site', 'plain', 'Lax', year, 20),
  spec('__stripe_mid', 'stripeId', 'site', 'secure', 'Strict', year, 15),
  spec('__stripe_sid', 'stripeId', 'site', 'secure', 'Strict', 30 * minute, 12),
  spec('_ttp', 'tiktok', 'site', 'plain', 'None', 390 * day, 12),
  spec('ajs_anonymous_id', 'uuid', 'site', 'plain', 'Lax', year, 15),
  spec('hubspotutk', 'hubspotUtk', 'site', 'plain', 'Lax', 180 * day, 15),
  spec('__hstc', 'hubspotHstc', 'site', 'plain', 'Lax', 180 * day, 15),
  spec('__hssc', 'hubspotUtk', 'site', 'plain', 'Lax', 30 * minute, 10),
  spec('IDE', 'doubleClick', '.doubleclick.net', 'http-secure', 'None', 390 * day, 20),
  spec('NID', 'googleNid', '.google.com', 'http-secure', 'None', 180 * day, 18),
  spec('fr', 'facebookFr', '.facebook.com', 'http-secure', 'None', 90 * day, 15),
  spec('bcookie', 'linkedIn', '.linkedin.com', 'secure', 'None', year, 8),
  spec('li_gc', 'short', '.linkedin.com', 'secure', 'None', 180 * day, 6),
];

/** Names for the long tail of small first-party cookies (A/B tests, preferences) that large sessions carry. */
export const fillerCookiePrefixes: readonly string[] = ['ab', 'exp', 'pref', 'ui', 'seen', 'promo', 'tracking', 'ref'];
export const fillerCookieWords: readonly string[] = [
  'checkout',
  'banner',
  'theme',
  'onboarding',
  'deposit_flow',
  'chart',
  'leverage',
  'tour',
  'bonus',
  'news',
  'watchlist',
  'signals',
  'webinar',
  'academy',
  'referral',
  'kyc',
];
