import type { AnalyticsReport } from '#shared/core/analytics/index.ts';
import { escapeHtml } from './escape-html.ts';
import { formatBytes, formatCount, formatDecimal, formatPercent, formatRatio } from '#shared/format/figures.ts';
import type { Tone } from './html-parts.ts';

interface Card {
  readonly label: string;
  readonly value: string;
  readonly note: string;
  readonly tone: Tone;
}

/** Judges a rate against the threshold its recommendation uses, so a card and a recommendation never disagree. */
function atLeast(rate: number | null, threshold: number): Tone {
  if (rate === null) return 'neutral';
  return rate >= threshold ? 'good' : 'bad';
}

function atMost(rate: number | null, threshold: number): Tone {
  if (rate === null) return 'neutral';
  return rate <= threshold ? 'good' : 'warning';
}

function cardsOf(analytics: AnalyticsReport): Card[] {
  const { summary, usage, health, storage, thresholds } = analytics;
  return [
    {
      label: 'Total sessions',
      value: formatCount(summary.totalSessions),
      note: `${formatCount(summary.activeSessions)} active`,
      tone: 'neutral',
    },
    {
      label: 'Leads with sessions',
      value: formatCount(summary.leadsWithSessions),
      note:
        summary.averageSessionsPerLead === null
          ? `of ${formatCount(summary.totalLeads)} leads`
          : `of ${formatCount(summary.totalLeads)} leads, ${formatDecimal(summary.averageSessionsPerLead)} sessions each`,
      tone: 'neutral',
    },
    {
      label: 'Health score',
      value: formatPercent(health.sessionHealthScore),
      note: 'valid and unexpired',
      tone: atLeast(health.sessionHealthScore, thresholds.minHealthScore),
    },
    {
      label: 'Utilization rate',
      value: formatPercent(usage.sessionUtilizationRate),
      note: 'leads with an active session',
      tone: atLeast(usage.sessionUtilizationRate, thresholds.minUtilizationRate),
    },
    {
      label: 'Expiration rate',
      value: formatPercent(health.expirationRate),
      note: `older than ${formatCount(analytics.policy.sessionExpiryDays)} days`,
      tone: atMost(health.expirationRate, thresholds.maxExpirationRate),
    },
    {
      label: 'Compressed share',
      value: formatPercent(storage.compressedShare),
      note: `${formatCount(storage.compressedSessions)} sessions compressed`,
      tone: 'neutral',
    },
    {
      label: 'Bytes saved',
      value: formatBytes(storage.bytesSaved),
      note: `compression ratio ${formatRatio(storage.compressionRatio)}`,
      tone: 'neutral',
    },
  ];
}

/** The headline figures as a row of cards; a card's accent shows whether its figure meets its threshold. */
export function headlineCards(analytics: AnalyticsReport): string {
  const cards = cardsOf(analytics).map((card) =>
    [
      `<div class="card ${card.tone}">`,
      `<div class="label">${escapeHtml(card.label)}</div>`,
      `<div class="value">${escapeHtml(card.value)}</div>`,
      `<div class="note">${escapeHtml(card.note)}</div>`,
      '</div>',
    ].join(''),
  );
  return `<section class="cards" aria-label="Headline figures">${cards.join('')}</section>`;
}
