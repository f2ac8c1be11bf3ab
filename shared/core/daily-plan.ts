import type { InvalidKind, OrphanKind } from './session-model.ts';

/** Why the daily job removes something: exactly one reason per removal (contract, section 3). */
export const removalReasons = ['orphaned', 'expired', 'invalid', 'overLimit'] as const;
export type RemovalReason = (typeof removalReasons)[number];

/**
 * Which `sessionHistory` entries a removal takes, as a condition that must still hold in the database when it is
 * applied (a `$pull` condition). Built from the rule that made them eligible, so a concurrent change by the app
 * (a newer session, a touched date) makes the write miss instead of removing something no longer eligible.
 */
export type HistoryEntryCondition =
  | { readonly kind: 'withoutSessionId' }
  | { readonly kind: 'createdAtNotDate'; readonly sessionId: string }
  | { readonly kind: 'createdAtBefore'; readonly sessionId: string; readonly cutoff: Date }
  | { readonly kind: 'invalid'; readonly sessionId: string; readonly invalid: InvalidKind }
  | { readonly kind: 'sessionId'; readonly sessionId: string };

/** Condition `browserSession` must still meet for it to be unset. */
export type BrowserSessionCondition =
  | { readonly kind: 'phantom' }
  | { readonly kind: 'createdAtBefore'; readonly sessionId: string; readonly cutoff: Date }
  | { readonly kind: 'invalid'; readonly sessionId: string; readonly invalid: InvalidKind };

/** One targeted write. None rewrites an array; each carries its guard. */
export type DailyWrite =
  | {
      readonly kind: 'pullHistoryEntries';
      readonly condition: HistoryEntryCondition;
      /** The lead's current session must not be this session any more (over-limit removals). */
      readonly onlyIfNotCurrent: string | null;
    }
  | { readonly kind: 'unsetBrowserSession'; readonly condition: BrowserSessionCondition }
  | {
      readonly kind: 'clearCurrentSessionId';
      readonly sessionId: string;
      /** Only when no stored entry holds that session (a dangling pointer), not just "still equal". */
      readonly onlyIfDangling: boolean;
    };

/** One removal decided by the daily rules, with its reason, what it counts as, and the writes that perform it. */
export interface PlannedRemoval {
  readonly reason: RemovalReason;
  readonly detail: OrphanKind | InvalidKind | null;
  /** The removed session's id; null for entries without one. */
  readonly sessionId: string | null;
  /** Sessions it removes (0 for a phantom, a dangling pointer or entries without a session id, which are not sessions). */
  readonly sessions: number;
  /** Stored entries it removes (`browserSession` and history entries). */
  readonly entries: number;
  readonly writes: readonly DailyWrite[];
}

/** Something the rules deliberately left alone, counted in the report. */
export interface PlanNote {
  readonly kind:
    | 'history-not-array'
    | 'history-entry-not-document'
    | 'browser-session-not-document'
    | 'current-session-without-valid-created-at'
    | 'encrypted-payload-kept';
  readonly sessionId: string | null;
}

export interface LeadDailyPlan {
  readonly leadId: unknown;
  readonly removals: readonly PlannedRemoval[];
  readonly notes: readonly PlanNote[];
}
