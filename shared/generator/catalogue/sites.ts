/** The broker sites sessions are captured on (fictitious domains). */

export interface Site {
  /** Registrable domain: site-wide cookies use `.` + this. */
  readonly domain: string;
  /** The host the capture script browsed: host-only cookies and `metadata.domain` use it. */
  readonly host: string;
  /** Google Analytics 4 measurement id suffix: the site's `_ga_<id>` cookie. */
  readonly analyticsId: string;
  /** Intercom, Hotjar and Mixpanel ids the site embeds (third-party tools name their cookies after them). */
  readonly intercomAppId: string;
  readonly hotjarId: string;
  readonly mixpanelToken: string;
}

export const sites: readonly (readonly [Site, number])[] = [
  [site('example-broker.com', 'www', 'Q8WZ3K2L1M', 'k7f2p9xa', '3518207', '7d1c4b0f9e2a6c3b5d8e1f0a2b3c4d5e'), 25],
  [site('tradingplatform.io', 'www', 'B2H7N4R9T1', 'q1w2e3r4', '2741906', '0f9e8d7c6b5a49382716a5b4c3d2e1f0'), 20],
  [site('fxprime-markets.com', 'app', 'ZL6V0C3X8P', 'm9n8b7v6', '1982364', 'a1b2c3d4e5f60718293a4b5c6d7e8f90'), 15],
  [
    site('cryptovault-exchange.net', 'trade', 'Y5T4R3E2W1', 'z0x9c8v7', '4012875', '9a8b7c6d5e4f30211203f4e5d6c7b8a9'),
    12,
  ],
  [site('globalinvest-pro.com', 'www', 'K3J2H1G0F9', 'p0o9i8u7', '2290417', '1234abcd5678ef901234abcd5678ef90'), 10],
  [site('capitalwave.trade', 'portal', 'D8S7A6P5O4', 'l1k2j3h4', '3377120', 'ffeeddccbbaa99887766554433221100'), 8],
  [site('primeoption-markets.eu', 'www', 'M1N2B3V4C5', 'g5f4d3s2', '1865539', '0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d'), 6],
  [site('nordic-fx.co', 'app', 'E6W7Q8R9T0', 'y6t5r4e3', '2604481', 'cafebabe0123456789abcdefdeadbeef'), 4],
];

function site(
  domain: string,
  subdomain: string,
  analyticsId: string,
  intercomAppId: string,
  hotjarId: string,
  mixpanelToken: string,
): Site {
  return { domain, host: `${subdomain}.${domain}`, analyticsId, intercomAppId, hotjarId, mixpanelToken };
}

/** Pages the capture script lands on: used for callback URLs and navigation state. */
export const sitePaths: readonly string[] = [
  '/',
  '/login',
  '/dashboard',
  '/dashboard/deposit',
  '/account/verification',
  '/trade/EURUSD',
  '/trade/BTCUSD',
  '/wallet',
  '/profile/settings',
  '/kyc/upload',
];

/** Notes the agents and the automation leave on an injection. */
export const injectionNotes: readonly string[] = [
  '',
  '',
  'FTD injected after deposit confirmation',
  'Auto injection: deposit webhook',
  'Re-login after 2FA prompt',
  'Session captured from agent browser',
  'Client called back, refreshed session',
  'KYC pending, session kept for follow-up',
  'Retry after captcha',
  'Imported from previous CRM',
];
