import type { CompressedPayload } from './codec/index.ts';

/**
 * Selects one history entry through an array filter: by its subdocument `_id` when it has one, always by session
 * id, and by the `lastAccessedAt` we read, so an entry the app touched meanwhile is left for the next run.
 */
export interface HistoryEntrySelector {
  readonly sessionId: string;
  readonly entryId: unknown;
  readonly lastAccessedAt: Date | null;
}

/** Exact field values that identify cookies to pull from one history entry (`$pull` condition per cookie). */
export type CookieMatch = Readonly<Record<string, unknown>>;

export type WeeklyWrite =
  | { readonly kind: 'pullHistoryEntryById'; readonly sessionId: string; readonly entryId: unknown }
  | { readonly kind: 'pullCookies'; readonly entry: HistoryEntrySelector; readonly cookies: readonly CookieMatch[] }
  | {
      readonly kind: 'compressEntry';
      readonly entry: HistoryEntrySelector;
      readonly compressed: CompressedPayload;
      /** Payload fields present on the entry, unset in the same update. */
      readonly unsetFields: readonly string[];
    };

export type WeeklyChangeKind = 'deduplicate' | 'optimize' | 'compress';

export interface WeeklyChange {
  readonly kind: WeeklyChangeKind;
  readonly sessionId: string;
  readonly historyEntriesRemoved: number;
  readonly expiredCookiesRemoved: number;
  readonly duplicateCookiesRemoved: number;
  readonly write: WeeklyWrite;
}

export type WeeklySkipReason =
  | 'current-session'
  | 'already-compressed'
  | 'not-valid'
  | 'no-saving'
  | 'no-payload'
  | 'repeated-entry-without-id'
  | 'repeated-entry-id-not-unique'
  | 'cookies-not-addressable';

export interface WeeklySkip {
  readonly sessionId: string;
  readonly reason: WeeklySkipReason;
}

export interface LeadWeeklyPlan {
  readonly leadId: unknown;
  readonly changes: readonly WeeklyChange[];
  readonly skipped: readonly WeeklySkip[];
  /** BSON bytes of `sessionHistory` before minus after the changes: what the database will really save. */
  readonly bytesSaved: number;
}
