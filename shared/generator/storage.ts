import { Double, Int32, Long } from 'bson';
import type { Site } from './catalogue/sites.ts';
import { sitePaths } from './catalogue/sites.ts';
import { base64Url, jwt, uuid } from './cookie-values.ts';
import type { SeededRandom } from './random.ts';

/** What storage contents may depend on: the site, the capture time and the account that logged in. */
export interface StorageContext {
  readonly random: SeededRandom;
  readonly site: Site;
  readonly capturedAtMs: number;
  readonly accountId: string;
  readonly email: string;
  readonly firstName: string;
  readonly countryCode: string;
}

const languages = ['en', 'en-GB', 'de', 'it', 'es', 'fr', 'sv', 'pl'];
const symbols = ['EURUSD', 'GBPUSD', 'USDJPY', 'XAUUSD', 'BTCUSD', 'ETHUSD', 'US500', 'NAS100', 'OIL', 'AAPL', 'TSLA'];

/**
 * A redux-persist root: a JSON string whose values are JSON strings themselves (redux-persist serialises each slice,
 * then the whole map), which is why it is the bulkiest localStorage entry of real trading apps.
 */
function persistRoot(context: StorageContext): string {
  const { random } = context;
  const slices = {
    auth: JSON.stringify({
      isAuthenticated: true,
      token: jwt(random, random.int(300, 700)),
      user: {
        id: context.accountId,
        email: context.email,
        firstName: context.firstName,
        country: context.countryCode,
        verified: random.chance(0.6),
        tier: random.pick(['basic', 'silver', 'gold']),
      },
    }),
    settings: JSON.stringify({
      theme: random.pick(['dark', 'light']),
      language: random.pick(languages),
      currency: random.pick(['EUR', 'USD', 'GBP']),
      oneClickTrading: random.chance(0.3),
      chartInterval: random.pick(['1m', '5m', '15m', '1h', '4h', '1D']),
    }),
    ui: JSON.stringify({
      sidebarCollapsed: random.chance(0.4),
      lastTab: random.pick(['positions', 'orders', 'history']),
      dismissedBanners: Array.from({ length: random.int(0, 4) }, () => `banner-${random.hex(6)}`),
    }),
    watchlist: JSON.stringify({ symbols: Array.from({ length: random.int(2, 8) }, () => random.pick(symbols)) }),
    _persist: JSON.stringify({ version: -1, rehydrated: true }),
  };
  return JSON.stringify(slices);
}

function featureFlags(random: SeededRandom): string {
  return JSON.stringify({
    newOnboarding: random.chance(0.5),
    cryptoWallet: random.chance(0.5),
    depositBonusV2: random.chance(0.3),
    tradingViewCharts: random.chance(0.8),
    aiAssistant: random.chance(0.1),
    rolloutBucket: random.int(0, 99),
  });
}

function consent(random: SeededRandom, capturedAtMs: number): string {
  return JSON.stringify({
    necessary: true,
    analytics: random.chance(0.6),
    marketing: random.chance(0.4),
    preferences: random.chance(0.7),
    timestamp: new Date(capturedAtMs - random.int(0, 5_000_000_000)).toISOString(),
    version: 3,
  });
}

/** Typed numbers on purpose: a byte-exact codec must keep Int32, integral Doubles and Longs apart. */
function tradePreferences(random: SeededRandom, capturedAtMs: number): Record<string, unknown> {
  return {
    defaultLeverage: new Int32(random.pick([10, 30, 50, 100, 200])),
    lotSize: new Double(random.pick([1, 2, 5, 10])),
    lastOrderAt: Long.fromNumber(capturedAtMs - random.int(0, 3_000_000_000)),
    slippagePips: random.pick([0.5, 1.5, 2.25]),
    chartZoom: new Int32(random.int(1, 12)),
    favouriteSymbols: Array.from({ length: random.int(1, 4) }, () => random.pick(symbols)),
  };
}

/**
 * localStorage as capture scripts store it: string values in practice (a redux-persist root, analytics ids, feature
 * flags, consent, tokens), plus now and then a nested object with typed numbers. Keys never contain `.` or `$`
 * here: those come only from the quirk of contract case 7.
 */
export function generateLocalStorage(context: StorageContext): Record<string, unknown> {
  const { random, site, capturedAtMs } = context;
  const storage: Record<string, unknown> = {};
  if (random.chance(0.7)) storage['persist:root'] = persistRoot(context);
  if (random.chance(0.4)) storage.ajs_anonymous_id = JSON.stringify(uuid(random));
  if (random.chance(0.2)) storage.ajs_user_id = JSON.stringify(context.accountId);
  if (random.chance(0.15)) storage[`AMP_${random.hex(10)}`] = random.chars(random.int(150, 260), base64Url);
  if (random.chance(0.45)) storage.featureFlags = featureFlags(random);
  if (random.chance(0.15)) storage[`ld:${random.hex(24)}:${random.hex(8)}`] = featureFlags(random);
  if (random.chance(0.5)) storage.cookieConsent = consent(random, capturedAtMs);
  if (random.chance(0.35)) storage.accessToken = jwt(random, random.int(220, 600));
  if (random.chance(0.25)) storage.refreshToken = random.hex(64);
  if (random.chance(0.4)) storage.deviceId = uuid(random);
  if (random.chance(0.6)) storage.i18nextLng = random.pick(languages);
  if (random.chance(0.3)) storage.theme = random.pick(['dark', 'light', 'system']);
  if (random.chance(0.3)) storage.lastVisitedPage = random.pick(sitePaths);
  if (random.chance(0.2)) {
    storage[`intercom-state-${site.intercomAppId}`] = JSON.stringify({
      app: { openConfig: { layout: 'default' }, launcherLogoUrl: null },
      user: { role: 'user', anonymousId: uuid(random) },
      launcher: { isLauncherEnabled: true },
    });
  }
  if (random.chance(0.4)) storage.tradePreferences = tradePreferences(random, capturedAtMs);
  return storage;
}

/** sessionStorage: tab-scoped state, with typed numbers (Int32, integral Double, Long) and arrays. */
export function generateSessionStorage(context: StorageContext): Record<string, unknown> {
  const { random, capturedAtMs } = context;
  if (random.chance(0.3)) return {};
  const storage: Record<string, unknown> = {
    tabId: uuid(random),
    navigationHistory: Array.from({ length: random.int(1, 6) }, () => random.pick(sitePaths)),
    scrollY: new Int32(random.int(0, 4000)),
    pageLoadMs: new Double(random.int(300, 4000)),
    lastEventAt: Long.fromNumber(capturedAtMs - random.int(0, 600_000)),
    retryCount: random.int(0, 3),
  };
  if (random.chance(0.3)) {
    storage.depositDraft = {
      step: new Int32(random.int(1, 4)),
      amount: new Double(random.pick([250, 500, 1000, 2500])),
      currency: random.pick(['EUR', 'USD', 'GBP']),
      method: random.pick(['card', 'wire', 'crypto']),
      acceptedTerms: random.chance(0.8),
      promoCode: random.chance(0.2) ? `WELCOME${random.int(10, 99)}` : null,
    };
  }
  return storage;
}
