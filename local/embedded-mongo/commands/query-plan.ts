/**
 * The plan the find engine really follows for a filter and sort, described the way MongoDB's explain does it:
 * IDHACK for a single `_id` equality, FETCH over an IXSCAN of `_id_` when `_id` conditions narrow the scan, COLLSCAN
 * otherwise, with SORT/SKIP/LIMIT above. Running it through a counting view of the collection gives the keys and
 * documents the engine actually examined.
 */
import { findDocuments, type FindRequest } from '../query/find-engine.ts';
import { planIdScan, residualFilter } from '../query/id-plan.ts';
import { idOrderDirection } from '../query/sort.ts';
import type { Collection, StoredDocument } from '../storage/collection.ts';

type AnyObject = Record<string, unknown>;

export interface PlanExecution {
  readonly winningPlan: AnyObject;
  readonly nReturned: number;
  readonly totalKeysExamined: number;
  readonly totalDocsExamined: number;
  readonly executionTimeMillis: number;
}

/** A view of `collection` that counts what the find engine reads from it. */
function countingView(collection: Collection): {
  view: Collection;
  examined: () => number;
  looked: () => { keys: number; found: number };
} {
  let examined = 0;
  const lookedUp = new Set<string>();
  const found = new Set<string>();
  const view = {
    size: collection.size,
    *scan(...args: Parameters<Collection['scan']>): Generator<StoredDocument> {
      for (const document of collection.scan(...args)) {
        examined++;
        yield document;
      }
    },
    get(key: string): StoredDocument | undefined {
      const document = collection.get(key);
      lookedUp.add(key);
      if (document !== undefined) found.add(key);
      return document;
    },
    decodedFields(...args: Parameters<Collection['decodedFields']>): AnyObject {
      return collection.decodedFields(...args);
    },
    decodedSelection(...args: Parameters<Collection['decodedSelection']>): AnyObject {
      return collection.decodedSelection(...args);
    },
    decoded(document: StoredDocument): AnyObject {
      return collection.decoded(document);
    },
  };
  return {
    view: view as unknown as Collection,
    examined: () => examined,
    looked: () => ({ keys: lookedUp.size, found: found.size }),
  };
}

function accessStage(request: FindRequest, hasProjection: boolean): { stage: AnyObject; kind: string } {
  const plan = planIdScan(request.filter);
  const residual = residualFilter(request.filter);
  const filterPart = Object.keys(residual).length === 0 ? {} : { filter: residual };
  const direction = idOrderDirection(request.sort ?? []) === -1 ? 'backward' : 'forward';
  const noSortOrLimit = (request.sort ?? []).length === 0 && !request.skip && !request.limit;
  if (
    plan.kind === 'keys' &&
    plan.keys.length === 1 &&
    Object.keys(residual).length === 0 &&
    noSortOrLimit &&
    !hasProjection
  )
    return { stage: { stage: 'IDHACK' }, kind: 'IDHACK' };
  if (plan.kind === 'keys' || plan.range.lower !== undefined || plan.range.upper !== undefined) {
    const indexScan = {
      stage: 'IXSCAN',
      keyPattern: { _id: 1 },
      indexName: '_id_',
      isMultiKey: false,
      isUnique: true,
      direction,
      indexBounds: { _id: [plan.kind === 'keys' ? `${String(plan.keys.length)} point(s)` : 'range'] },
    };
    return { stage: { stage: 'FETCH', ...filterPart, inputStage: indexScan }, kind: 'IXSCAN' };
  }
  return { stage: { stage: 'COLLSCAN', ...filterPart, direction }, kind: 'COLLSCAN' };
}

/** The winning plan for a find-style request (`hasProjection` adds the projection stage). */
export function describePlan(request: FindRequest, hasProjection: boolean): { plan: AnyObject; kind: string } {
  const access = accessStage(request, hasProjection);
  let plan = access.stage;
  const sort = request.sort ?? [];
  if (sort.length > 0 && idOrderDirection(sort) === undefined) {
    plan = {
      stage: 'SORT',
      sortPattern: Object.fromEntries(sort.map((field) => [field.path, field.direction])),
      memLimit: 104857600,
      ...(request.limit ? { limitAmount: request.limit + (request.skip ?? 0) } : {}),
      type: 'simple',
      inputStage: plan,
    };
  }
  if (request.skip) plan = { stage: 'SKIP', skipAmount: request.skip, inputStage: plan };
  if (request.limit) plan = { stage: 'LIMIT', limitAmount: request.limit, inputStage: plan };
  if (hasProjection) plan = { stage: 'PROJECTION_DEFAULT', inputStage: plan };
  return { plan, kind: access.kind };
}

/** Runs the request and reports what it examined (`_id` index keys and documents are examined one to one here). */
export function executePlan(
  collection: Collection | undefined,
  request: FindRequest,
  hasProjection: boolean,
): PlanExecution {
  const { plan, kind } = describePlan(request, hasProjection);
  if (collection === undefined)
    return {
      winningPlan: { stage: 'EOF' },
      nReturned: 0,
      totalKeysExamined: 0,
      totalDocsExamined: 0,
      executionTimeMillis: 0,
    };
  const started = performance.now();
  const { view, examined, looked } = countingView(collection);
  let returned = 0;
  for (const _document of findDocuments(view, request)) returned++;
  const points = looked();
  // Point lookups (`_id` equality or `$in`) read keys through get(); ranges and full scans walk scan().
  const keys = points.keys > 0 ? points.keys : kind === 'COLLSCAN' ? 0 : examined();
  const documents = points.keys > 0 ? points.found : examined();
  return {
    winningPlan: plan,
    nReturned: returned,
    totalKeysExamined: keys,
    totalDocsExamined: documents,
    executionTimeMillis: Math.round(performance.now() - started),
  };
}
