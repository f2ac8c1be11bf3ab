import type { AnalyticsReport, Recommendation } from '#shared/core/analytics/index.ts';
import { escapeHtml } from './escape-html.ts';
import { badge, emptyNote, panel, type Tone } from './html-parts.ts';

const priorityTones: Readonly<Record<Recommendation['priority'], Tone>> = {
  high: 'bad',
  medium: 'warning',
  low: 'info',
};
const priorityOrder: Readonly<Record<Recommendation['priority'], number>> = { high: 0, medium: 1, low: 2 };

function item(recommendation: Recommendation): string {
  // The priority comes from data (an older or hand-edited report): unknown values fall back to a neutral badge.
  const tone = priorityTones[recommendation.priority] ?? 'neutral';
  return [
    `<li class="${escapeHtml(recommendation.priority)}">`,
    '<div class="recommendation-title">',
    badge(recommendation.priority, tone),
    `<span>${escapeHtml(recommendation.title)}</span>`,
    `<span class="recommendation-type">${escapeHtml(recommendation.type)}</span>`,
    '</div>',
    `<p>${escapeHtml(recommendation.description)}</p>`,
    `<p class="action"><strong>Action:</strong> ${escapeHtml(recommendation.action)}</p>`,
    '</li>',
  ].join('');
}

/** The recommendations, most urgent first (stable within a priority, so the analytics' order is kept). */
export function recommendationPanel(analytics: AnalyticsReport): string {
  const sorted = [...analytics.recommendations].sort(
    (a, b) => (priorityOrder[a.priority] ?? 3) - (priorityOrder[b.priority] ?? 3),
  );
  const list =
    sorted.length === 0
      ? emptyNote('No recommendations: every figure is within its threshold.')
      : `<ol class="recommendations">${sorted.map(item).join('')}</ol>`;
  // A rule that could not compare (the growth rule in the first month) is said so, not mistaken for a good figure.
  const notEvaluated = (analytics.rulesNotEvaluated ?? []).map((skipped) =>
    emptyNote(`Not evaluated: ${skipped.rule} (${skipped.reason}).`),
  );
  const body = [list, ...notEvaluated].join('');
  return panel({
    title: `Recommendations (${sorted.length})`,
    hint: 'Computed from this month’s figures against configurable thresholds.',
    body,
    wide: true,
  });
}
