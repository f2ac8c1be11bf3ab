import { describe, expect, it } from 'vitest';
import { localScheduleViews } from '#local/cli/status/local-schedules.ts';
import { scheduleLines, scheduleView } from '#local/cli/status/schedule-view.ts';

const now = new Date('2026-11-29T02:47:00.000Z');

describe('local schedules for status', () => {
  it('come from the stack settings (cdk.json context), enabled by SESSION_CLEANUP_ENABLED', () => {
    const views = localScheduleViews(now, {});
    expect(views.map((view) => [view.job, view.state, view.expression, view.nextRuns[0]])).toEqual([
      ['daily', 'ENABLED', 'cron(0 2 * * ? *)', '2026-11-30T02:00:00.000Z'],
      ['weekly', 'ENABLED', 'cron(0 3 ? * SUN *)', '2026-11-29T03:00:00.000Z'],
      ['monthly', 'ENABLED', 'cron(0 4 1 * ? *)', '2026-12-01T04:00:00.000Z'],
    ]);
    expect(
      localScheduleViews(now, { SESSION_CLEANUP_ENABLED: 'false' }).every((view) => view.state === 'DISABLED'),
    ).toBe(true);
  });

  it('give a disabled schedule no next runs: it fires nothing', () => {
    // Act
    const view = scheduleView('weekly', 'DISABLED', 'cron(0 3 ? * SUN *)', now);

    // Assess
    expect(view.nextRuns).toEqual([]);
    expect(scheduleLines([view])).toEqual(['  weekly   DISABLED  cron(0 3 ? * SUN *)    no next run (disabled)']);
    expect(scheduleView('weekly', 'ENABLED', 'cron(0 3 ? * SUN *)', now).nextRuns).toHaveLength(3);
  });

  it('follow a schedule set in the context, as infra would deploy it', () => {
    const [daily] = localScheduleViews(now, {}, { dailySchedule: 'cron(30 1 * * ? *)' });
    expect(daily?.nextRuns).toEqual([
      '2026-11-30T01:30:00.000Z',
      '2026-12-01T01:30:00.000Z',
      '2026-12-02T01:30:00.000Z',
    ]);
  });

  it('show why an expression has no next runs instead of failing status', () => {
    const view = scheduleView('daily', 'ENABLED', 'cron(0 2 L * ? *)', now);
    expect(view.nextRuns).toEqual([]);
    expect(scheduleLines([view])[0]).toBe(
      '  daily    ENABLED   cron(0 2 L * ? *)      no next run ("cron(0 2 L * ? *)": day-of-month: L (last) is not supported by this evaluator)',
    );
    expect(scheduleView('daily', 'ENABLED', 'rate(1 day)', now).problem).toContain('approximate');
  });
});
