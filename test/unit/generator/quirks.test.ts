import { describe, expect, it } from 'vitest';
import {
  generateLeadArray,
  noQuirks,
  wrongTypeKinds,
  type GeneratedLead,
  type QuirkRates,
} from '#shared/generator/index.ts';
import {
  cookieArraysOf,
  currentEntryOf,
  historyOf,
  isDoc,
  isEnvelope,
  quirkDetectors,
  sessionEntriesOf,
  wrongTypesOf,
} from './lead-inspection.ts';

const now = new Date('2026-11-28T02:00:00.000Z');
const quirkNames = Object.keys(noQuirks) as (keyof QuirkRates)[];

/** Every other quirk frequent, so that a quirk switched off is checked against all the others' interplay. */
const busyRates: QuirkRates = Object.fromEntries(quirkNames.map((name) => [name, 0.3])) as unknown as QuirkRates;
busyRates.currentStoredTwice = 0.9;
busyRates.largeHistory = 0.02;

function leadsWithOnly(quirk: keyof QuirkRates, leadCount = 120): GeneratedLead[] {
  return generateLeadArray({ seed: 11, leadCount, now, quirkRates: { ...noQuirks, [quirk]: 1 } });
}

describe('each quirk follows its rate', () => {
  it.each(quirkNames)('%s appears when its rate is 1', (quirk) => {
    // Prepare
    const leadCount = quirk === 'largeHistory' ? 6 : 120;

    // Act
    const leads = leadsWithOnly(quirk, leadCount);

    // Assess
    expect(leads.filter(quirkDetectors[quirk]).length).toBeGreaterThan(0);
  });

  it.each(quirkNames)('%s never appears when its rate is 0, whatever the other rates', (quirk) => {
    // Prepare
    const quirkRates = { ...busyRates, [quirk]: 0 };

    // Act
    const leads = generateLeadArray({ seed: 12, leadCount: 250, now, quirkRates });

    // Assess
    expect(leads.filter(quirkDetectors[quirk])).toEqual([]);
  });

  it.each([
    'phantomBrowserSession',
    'emptyBrowserSession',
    'largeHistory',
    'orphanedHistoryEntry',
    'danglingCurrentSessionId',
  ] as const)('the per-lead quirk %s shows on every lead at rate 1', (quirk) => {
    // Act
    const leads = leadsWithOnly(quirk, quirk === 'largeHistory' ? 4 : 80);

    // Assess
    expect(leads.every(quirkDetectors[quirk])).toBe(true);
  });

  it('a per-lead rate of 0.5 marks about half of the leads', () => {
    // Act
    const leads = generateLeadArray({ seed: 13, leadCount: 600, now, quirkRates: { phantomBrowserSession: 0.5 } });

    // Assess
    const share = leads.filter(quirkDetectors.phantomBrowserSession).length / leads.length;
    expect(share).toBeGreaterThan(0.42);
    expect(share).toBeLessThan(0.58);
  });
});

describe('per-session quirks at rate 1 touch every eligible session', () => {
  it('misread expiry: every cookie dates from 1969-1970 (seconds read as milliseconds, -1 for session cookies)', () => {
    // Act
    const cookies = leadsWithOnly('cookieExpirySecondsMisread').flatMap(cookieArraysOf).flat();

    // Assess
    expect(cookies.length).toBeGreaterThan(100);
    const years = new Set(cookies.map((cookie) => (cookie.expires as Date).getUTCFullYear()));
    expect([...years].sort()).toEqual([1969, 1970]);
    const sessionCookie = cookies.find((cookie) => (cookie.expires as Date).getUTCFullYear() === 1969);
    expect((sessionCookie?.expires as Date).toISOString()).toBe('1969-12-31T23:59:59.999Z');
  });

  it('encryption: cookies, localStorage and sessionStorage are each an {encrypted, iv, _encrypted} envelope', () => {
    // Act
    const entries = leadsWithOnly('encryptedPayload').flatMap(sessionEntriesOf);

    // Assess
    expect(entries.length).toBeGreaterThan(100);
    for (const entry of entries) {
      expect([entry.cookies, entry.localStorage, entry.sessionStorage].every(isEnvelope)).toBe(true);
      expect((entry.cookies as Record<string, string>).iv).toMatch(/^[0-9a-f]{32}$/);
      expect((entry.cookies as Record<string, string>).encrypted).toMatch(/^([0-9a-f]{32})+$/);
    }
  });

  it('wrong types: every session shows at least one defect', () => {
    // Act
    const entries = leadsWithOnly('wrongTypes').flatMap(sessionEntriesOf);

    // Assess
    expect(entries.filter((entry) => wrongTypesOf(entry).length === 0)).toEqual([]);
  });

  it('dotted or dollar keys: every session with an object localStorage has one', () => {
    // Act
    const storages = leadsWithOnly('storageKeysWithDotsOrDollar')
      .flatMap(sessionEntriesOf)
      .map((entry) => entry.localStorage)
      .filter(isDoc);

    // Assess
    expect(storages.length).toBeGreaterThan(100);
    expect(storages.filter((storage) => !Object.keys(storage).some((key) => /[.$]/.test(key)))).toEqual([]);
  });

  it('duplicate cookies: every session with cookies repeats a name, domain and path', () => {
    // Act
    const leads = leadsWithOnly('duplicateCookies');
    const jars = leads.flatMap(cookieArraysOf).filter((cookies) => cookies.length > 0);

    // Assess
    const withoutDuplicate = jars.filter(
      (cookies) =>
        new Set(cookies.map((c) => `${String(c.name)}|${String(c.domain)}|${String(c.path)}`)).size === cookies.length,
    );
    expect(jars.length).toBeGreaterThan(100);
    expect(withoutDuplicate).toEqual([]);
  });
});

describe('the catalogue of wrong types (contract case 5)', () => {
  const entries = leadsWithOnly('wrongTypes', 200).flatMap(sessionEntriesOf);

  it.each(wrongTypeKinds)('%s appears', (kind) => {
    // Assess
    expect(entries.some((entry) => wrongTypesOf(entry).includes(kind))).toBe(true);
  });

  it('sessionHistory that is not an array appears on some leads (a tenth of the rate)', () => {
    // Act
    const leads = leadsWithOnly('wrongTypes', 200);

    // Assess
    const broken = leads.filter((lead) => !Array.isArray(lead.sessionHistory)).length;
    expect(broken).toBeGreaterThan(5);
    expect(broken).toBeLessThan(40);
  });
});

describe('quirks that keep the data consistent', () => {
  it('the current session stored twice: same session id, same payload, history copy with its own _id', () => {
    // Act
    const leads = leadsWithOnly('currentStoredTwice').filter((lead) => currentEntryOf(lead) !== null);

    // Assess
    expect(leads.length).toBeGreaterThan(20);
    for (const lead of leads) {
      const current = currentEntryOf(lead) as Record<string, unknown>;
      const copy = historyOf(lead).find((entry) => entry.sessionId === current.sessionId) as Record<string, unknown>;
      expect(copy.cookies).toEqual(current.cookies);
      expect(copy.localStorage).toEqual(current.localStorage);
      expect(current).not.toHaveProperty('_id');
      expect(copy._id).toBeDefined();
      expect(lead.currentSessionId).toBe(current.sessionId);
    }
  });

  it('a repeated history entry is a copy of a non-current session, stored later, with its own _id', () => {
    // Act
    const leads = leadsWithOnly('repeatedHistoryEntry').filter(quirkDetectors.repeatedHistoryEntry);

    // Assess
    expect(leads.length).toBeGreaterThan(20);
    for (const lead of leads) {
      const history = historyOf(lead);
      const ids = history.map((entry) => entry.sessionId);
      const repeatedId = ids.find((id, index) => ids.indexOf(id) !== index);
      const [first, second] = history.filter((entry) => entry.sessionId === repeatedId);
      expect(second?.cookies).toEqual(first?.cookies);
      expect(String(second?._id)).not.toBe(String(first?._id));
    }
  });

  it('quirk rates never change who a lead is: ids, names and types stay the same', () => {
    // Act
    const plain = generateLeadArray({ seed: 14, leadCount: 200, now, quirkRates: noQuirks });
    const quirky = generateLeadArray({ seed: 14, leadCount: 200, now, quirkRates: busyRates });

    // Assess
    const identity = (lead: GeneratedLead) => [String(lead._id), lead.leadType, lead.firstName, lead.email, lead.phone];
    expect(quirky.map(identity)).toEqual(plain.map(identity));
  });
});
