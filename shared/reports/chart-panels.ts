import type { AnalyticsReport } from '#shared/core/analytics/index.ts';
import { formatBytes, formatCount, formatPercent, formatRatio } from '#shared/format/figures.ts';
import { dataTable, figureTable, humanizeKey, panel } from './html-parts.ts';
import { barChart, donut, gauge, type ChartBar, type GaugeTone } from './svg-charts.ts';
import { seriesColor } from './svg-common.ts';

/** Problem kinds as a sentence reads them; a kind added later shows under its key. */
export const problemKindLabels: Readonly<Record<string, string>> = {
  'cookies-not-array': 'Invalid: cookies not stored as a list',
  'cookie-without-name-or-value': 'Invalid: a cookie without name or value',
  'local-storage-wrong-type': 'Invalid: localStorage of the wrong type',
  'session-storage-wrong-type': 'Invalid: sessionStorage of the wrong type',
  'missing-session-id': 'Orphaned: history entries without a session id',
  'invalid-created-at': 'Orphaned: sessions without a valid creation date',
  'phantom-default-browser-session': 'Orphaned: default (phantom) browserSession',
  'phantom-empty-browser-session': 'Orphaned: empty browserSession',
  'dangling-current-session-id': 'Orphaned: currentSessionId naming no stored session',
};

/** Readable names of the analytics' age buckets; a bucket added later shows under its key. */
const ageBucketLabels: Readonly<Record<string, string>> = {
  '<1d': '< 1 day',
  '1-7d': '1–7 d',
  '7-14d': '7–14 d',
  '14-30d': '14–30 d',
  '30-60d': '30–60 d',
  '60-90d': '60–90 d',
  '>90d': '> 90 d',
  unknown: 'unknown',
};

const healthColors = { valid: '#16a34a', expired: '#d97706', invalid: '#dc2626', orphaned: '#7c3aed' } as const;

function countBar(label: string, value: number, color?: string): ChartBar {
  return color === undefined
    ? { label, value, valueLabel: formatCount(value) }
    : { label, value, valueLabel: formatCount(value), color };
}

function bytesBar(label: string, value: number, color: string): ChartBar {
  return { label, value, valueLabel: formatBytes(value), color };
}

/** Sessions per age bucket, youngest first, as the analytics lists them. */
export function ageDistributionPanel(analytics: AnalyticsReport): string {
  const bars = Object.entries(analytics.ageHistogram).map(([bucket, count]) =>
    countBar(ageBucketLabels[bucket] ?? bucket, count),
  );
  const chart = barChart({
    title: 'Session age distribution',
    description: 'Number of sessions per age bucket, age measured from createdAt.',
    bars,
  });
  return panel({
    title: 'Session age distribution',
    hint: `Age from createdAt; sessions expire after ${formatCount(analytics.policy.sessionExpiryDays)} days.`,
    body: chart,
  });
}

/** Sessions per lead type, largest first, with the per-type counts below the chart. */
export function leadTypePanel(analytics: AnalyticsReport): string {
  const byLeadType: Readonly<Record<string, Readonly<Record<string, number>>>> = analytics.usage.byLeadType;
  const types = Object.entries(byLeadType)
    // `unknown` collects missing and foreign values: worth a bar only when some lead has one.
    .filter(([type, counts]) => type !== 'unknown' || (counts.leads ?? 0) > 0)
    .map(([type, counts]) => ({ type, counts, sessions: counts.sessions ?? 0 }))
    .sort((a, b) => b.sessions - a.sessions || a.type.localeCompare(b.type));
  const chart = barChart({
    title: 'Sessions by lead type',
    description: 'Number of sessions per lead type.',
    bars: types.map(({ type, sessions }) => countBar(type, sessions, seriesColor(1))),
  });
  const table =
    types.length === 0
      ? ''
      : dataTable(
          ['Lead type', 'Leads', 'With sessions', 'Sessions', 'Active'],
          types.map(({ type, counts }) => [
            type,
            formatCount(counts.leads ?? 0),
            formatCount(counts.leadsWithSessions ?? 0),
            formatCount(counts.sessions ?? 0),
            formatCount(counts.activeSessions ?? 0),
          ]),
        );
  return panel({ title: 'Sessions by lead type', hint: 'Counted over all leads.', body: chart + table });
}

/** The gauge turns red below the threshold of the "poor health" recommendation, so the two never disagree. */
function healthTone(analytics: AnalyticsReport): GaugeTone {
  const score = analytics.health.sessionHealthScore;
  if (score === null) return 'neutral';
  return score >= analytics.thresholds.minHealthScore ? 'good' : 'bad';
}

/** Malformed lead documents, listed only when present: they are rare, and a row of zeros would be noise. */
function shapeProblems(health: AnalyticsReport['health']): (readonly [string, string])[] {
  const rows: [string, number][] = [
    ['Leads whose sessionHistory is not an array', health.historyNotArray],
    ['History entries that are not documents', health.historyEntriesNotDocument],
    ['browserSession fields that are not documents', health.browserSessionNotDocument],
  ];
  return rows.filter(([, count]) => count > 0).map(([label, count]) => [label, formatCount(count)] as const);
}

/** The health score as a gauge, and the counts behind it as bars, with the problems by kind. */
export function healthPanel(analytics: AnalyticsReport): string {
  const { health } = analytics;
  const scoreGauge = gauge({
    title: 'Session health score',
    description: 'Share of sessions that are valid and unexpired.',
    value: health.sessionHealthScore,
    valueLabel: formatPercent(health.sessionHealthScore),
    caption: 'valid and unexpired',
    tone: healthTone(analytics),
  });
  const counts = barChart({
    title: 'Sessions by health',
    description: 'Valid, expired and invalid sessions, and orphaned entries or pointers. Expired overlaps the others.',
    size: { width: 320, height: 220 },
    bars: [
      countBar('Valid', health.validSessions, healthColors.valid),
      countBar('Expired', health.expiredSessions, healthColors.expired),
      countBar('Invalid', health.invalidSessions, healthColors.invalid),
      countBar('Orphaned', health.orphanedTotal, healthColors.orphaned),
    ],
  });
  const kinds = [
    ...Object.entries(health.invalidByKind).map(
      ([kind, count]) => [problemKindLabels[kind] ?? `Invalid: ${humanizeKey(kind)}`, count] as const,
    ),
    ...Object.entries(health.orphanedByKind).map(
      ([kind, count]) => [problemKindLabels[kind] ?? `Orphaned: ${humanizeKey(kind)}`, count] as const,
    ),
  ].filter(([, count]) => count > 0);
  const problemRows = [
    ...kinds.map(([label, count]) => [label, formatCount(count)] as const),
    ['Leads with sessions expiring within 7 days', formatCount(health.leadsWithSessionsExpiringWithin7Days)] as const,
    ['Encrypted sessions (kept, not invalid)', formatCount(health.encryptedSessions)] as const,
    ['Sessions over the per-lead limit', formatCount(health.sessionsOverLimit)] as const,
    ['Repeated history entries', formatCount(health.repeatedHistoryEntries)] as const,
    ...shapeProblems(health),
  ];
  return panel({
    title: 'Session health',
    hint: 'Expired sessions are also counted as valid or invalid; orphans are entries and pointers, not sessions.',
    body: `<div class="figure-row">${scoreGauge}${counts}</div>${figureTable(problemRows)}`,
  });
}

/** Compressed against uncompressed sessions, and the storage figures. */
export function storagePanel(analytics: AnalyticsReport): string {
  const { storage, summary } = analytics;
  const uncompressed = Math.max(0, summary.totalSessions - storage.compressedSessions);
  const split = donut({
    title: 'Compressed and uncompressed sessions',
    description: 'Sessions whose payload the weekly maintenance compressed, against the others.',
    slices: [
      { label: 'Compressed', value: storage.compressedSessions, valueLabel: formatCount(storage.compressedSessions) },
      { label: 'Uncompressed', value: uncompressed, valueLabel: formatCount(uncompressed), color: '#cbd5e1' },
    ],
    centerLabel: formatPercent(storage.compressedShare),
    centerCaption: 'compressed',
  });
  const bytes = barChart({
    title: 'Compressed payloads, before and after',
    description: 'Original and stored bytes of the compressed session payloads.',
    size: { width: 320, height: 220 },
    bars: [
      bytesBar('Original', storage.compressedOriginalBytes, '#94a3b8'),
      bytesBar('Compressed', storage.compressedStoredBytes, seriesColor(0)),
      bytesBar('Saved', storage.bytesSaved, '#16a34a'),
    ],
  });
  const figures = figureTable([
    ['Total session size (BSON)', formatBytes(storage.totalSessionBytes)],
    ['Average session size', formatBytes(storage.averageSessionBytes)],
    ['Largest session', formatBytes(storage.largestSessionBytes)],
    ['Stored, including duplicate copies', formatBytes(storage.storedBytes)],
    ['Sessions over 50 KiB', formatCount(storage.sessionsOver50KB)],
    ['Compression ratio', formatRatio(storage.compressionRatio)],
    ['Sessions worth compressing (old or over 50 KiB)', formatCount(storage.compressionCandidates)],
    ['Size of the sessions worth compressing', formatBytes(storage.compressionCandidateBytes)],
    ['Bytes saved by compression', formatBytes(storage.bytesSaved)],
    [
      `History sessions older than ${formatCount(analytics.policy.compressionAfterDays)} days, uncompressed`,
      formatCount(storage.uncompressedOldSessions),
    ],
  ]);
  return panel({
    title: 'Storage',
    hint: 'Sizes are BSON bytes as stored. Bars: the compressed payloads before and after compression.',
    body: `<div class="figure-row">${split}${bytes}</div>${figures}`,
  });
}
