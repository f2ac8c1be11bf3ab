import type { Site } from './catalogue/sites.ts';
import type { SeededRandom } from './random.ts';

/** What a cookie value generator may depend on: the site and the moment of capture. */
export interface CookieValueContext {
  readonly random: SeededRandom;
  readonly site: Site;
  readonly capturedAtMs: number;
}

export const base64Url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const lowerAlnum = 'abcdefghijklmnopqrstuvwxyz0123456789';
const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const upperHex = '0123456789ABCDEF';
const digits = '0123456789';

/** A version-4 UUID. */
export function uuid(random: SeededRandom): string {
  const hex = random.hex(32);
  const variant = '89ab'[random.int(0, 3)] as string;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** A JWT-shaped token (HS256 header, base64url payload of `payloadLength` characters, 43-character signature). */
export function jwt(random: SeededRandom, payloadLength: number): string {
  return `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${random.chars(payloadLength, base64Url)}.${random.chars(43, base64Url)}`;
}

function base64Json(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

/** Value generators by kind; lengths follow what these cookies hold in real browsers. */
export const cookieValues = {
  ga: ({ random, capturedAtMs }: CookieValueContext) =>
    `GA1.1.${random.int(100_000_000, 2_099_999_999)}.${seconds(capturedAtMs) - random.int(0, 30_000_000)}`,
  ga4: ({ random, capturedAtMs }: CookieValueContext) =>
    `GS1.1.${seconds(capturedAtMs) - random.int(0, 900)}.${random.int(1, 60)}.1.${seconds(capturedAtMs)}.0.0.0`,
  gid: ({ random, capturedAtMs }: CookieValueContext) =>
    `GA1.2.${random.int(100_000_000, 2_099_999_999)}.${seconds(capturedAtMs) - random.int(0, 86_000)}`,
  one: () => '1',
  fbp: ({ random, capturedAtMs }: CookieValueContext) =>
    `fb.1.${capturedAtMs - random.int(0, 7_000_000_000)}.${random.chars(10, digits)}`,
  gclAu: ({ random, capturedAtMs }: CookieValueContext) =>
    `1.1.${random.chars(10, digits)}.${seconds(capturedAtMs) - random.int(0, 7_000_000)}`,
  cfBm: ({ random, capturedAtMs }: CookieValueContext) =>
    `${random.chars(43, base64Url)}-${seconds(capturedAtMs)}-1.0.1.1-${random.chars(random.int(95, 130), base64Url)}`,
  cfClearance: ({ random, capturedAtMs }: CookieValueContext) =>
    `${random.chars(43, base64Url)}-${seconds(capturedAtMs)}-1.2.1.1-${random.chars(random.int(250, 420), base64Url)}`,
  cfuvid: ({ random, capturedAtMs }: CookieValueContext) =>
    `${random.chars(43, base64Url)}-${capturedAtMs}-0.0.1.1-604800000`,
  sessionId: ({ random }: CookieValueContext) => random.chars(32, lowerAlnum),
  csrfToken: ({ random }: CookieValueContext) => random.chars(random.pick([32, 64]), alnum),
  javaSessionId: ({ random }: CookieValueContext) => random.chars(32, upperHex),
  phpSessionId: ({ random }: CookieValueContext) => random.chars(26, lowerAlnum),
  accessToken: ({ random }: CookieValueContext) => jwt(random, random.int(220, 900)),
  nextAuthSession: ({ random }: CookieValueContext) =>
    `eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..${random.chars(22, base64Url)}.${random.chars(random.int(400, 900), base64Url)}.${random.chars(22, base64Url)}`,
  nextAuthCsrf: ({ random }: CookieValueContext) => `${random.hex(64)}%7C${random.hex(64)}`,
  callbackUrl: ({ site }: CookieValueContext) => encodeURIComponent(`https://${site.host}/dashboard`),
  refreshToken: ({ random }: CookieValueContext) => random.hex(64),
  // Some apps keep a whole serialised client state in one cookie, up to the browsers' 4 KB limit.
  stateBlob: ({ random }: CookieValueContext) => random.chars(random.int(3500, 4000), base64),
  awsAlb: ({ random }: CookieValueContext) => random.chars(random.int(128, 140), base64),
  uuid: ({ random }: CookieValueContext) => uuid(random),
  optanonConsent: ({ random, capturedAtMs }: CookieValueContext) =>
    [
      'isGpcEnabled=0',
      `datestamp=${encodeURIComponent(new Date(capturedAtMs).toUTCString())}`,
      'version=202409.1.0',
      'browserGpcFlag=0',
      'isIABGlobal=false',
      'hosts=',
      `consentId=${uuid(random)}`,
      'interactionCount=1',
      'isAnonUser=1',
      'landingPath=NotLandingPage',
      `groups=C0001%3A1%2CC0002%3A${random.int(0, 1)}%2CC0003%3A${random.int(0, 1)}%2CC0004%3A${random.int(0, 1)}`,
      'AwaitingReconsent=false',
    ].join('&'),
  isoDate: ({ capturedAtMs }: CookieValueContext) => new Date(capturedAtMs).toISOString(),
  locale: ({ random }: CookieValueContext) => random.pick(['en-GB', 'en', 'de-DE', 'it-IT', 'es-ES', 'fr-FR', 'sv']),
  hotjarUser: ({ random, capturedAtMs }: CookieValueContext) =>
    base64Json({ id: uuid(random).slice(0, 18), created: capturedAtMs - random.int(0, 9e9), existing: true }),
  hotjarSession: ({ random, capturedAtMs }: CookieValueContext) =>
    base64Json({ id: uuid(random), c: capturedAtMs, s: 0, r: 0, sb: 0, sr: 0, se: 0, fs: 1, sp: 0 }),
  intercomSession: ({ random }: CookieValueContext) =>
    `${random.chars(random.int(80, 120), base64)}--${random.hex(40)}`,
  mixpanel: ({ random, site }: CookieValueContext) => {
    const device = uuid(random);
    return encodeURIComponent(
      JSON.stringify({
        distinct_id: `$device:${device}`,
        $device_id: device,
        $initial_referrer: '$direct',
        $initial_referring_domain: '$direct',
        __mps: {},
        __mpso: { $initial_referrer: `https://${site.host}/` },
        __mpus: {},
        __mpa: {},
        __mpu: {},
        __mpr: [],
        __mpap: [],
      }),
    );
  },
  stripeId: ({ random }: CookieValueContext) => `${uuid(random)}${random.hex(6)}`,
  tiktok: ({ random }: CookieValueContext) => random.chars(27, alnum),
  doubleClick: ({ random }: CookieValueContext) => `AHWqTU${random.chars(random.int(60, 80), base64Url)}`,
  googleNid: ({ random }: CookieValueContext) => `519=${random.chars(random.int(170, 200), base64Url)}`,
  facebookFr: ({ random, capturedAtMs }: CookieValueContext) =>
    `0${random.chars(30, base64Url)}..${random.chars(12, base64Url)}.${seconds(capturedAtMs)}.0.0.AW${random.chars(24, base64Url)}`,
  hubspotUtk: ({ random }: CookieValueContext) => random.hex(32),
  hubspotHstc: ({ random, capturedAtMs }: CookieValueContext) =>
    `${random.chars(8, digits)}.${random.hex(32)}.${capturedAtMs - 9_000_000}.${capturedAtMs - 3_600_000}.${capturedAtMs}.${random.int(1, 12)}`,
  linkedIn: ({ random }: CookieValueContext) => `"v=2&${uuid(random)}"`,
  short: ({ random }: CookieValueContext) => random.chars(random.int(8, 24), lowerAlnum),
} satisfies Record<string, (context: CookieValueContext) => string>;

export type CookieValueKind = keyof typeof cookieValues;
