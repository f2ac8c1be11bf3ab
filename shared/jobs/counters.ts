/** A tree of counts; merging two adds them field by field (associative, commutative, `{}` is the identity). */
export interface CountTree {
  readonly [name: string]: number | CountTree;
}

/** Adds two count trees. */
export function addCounts(a: CountTree, b: CountTree): CountTree {
  const sum: Record<string, number | CountTree> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = sum[key];
    if (existing === undefined) sum[key] = value;
    else if (typeof existing === 'number' && typeof value === 'number') sum[key] = existing + value;
    else if (typeof existing === 'object' && typeof value === 'object') sum[key] = addCounts(existing, value);
    else throw new Error(`cannot add counts of different shapes at "${key}"`);
  }
  return sum;
}

/** Increments `tree[path...]` by `amount` in place (for building a batch's counts). */
export function increment(tree: Record<string, number | CountTree>, path: readonly string[], amount = 1): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    const current = tree[head];
    tree[head] = (typeof current === 'number' ? current : 0) + amount;
    return;
  }
  const child = tree[head];
  const next: Record<string, number | CountTree> = typeof child === 'object' ? { ...child } : {};
  increment(next, rest, amount);
  tree[head] = next;
}

/** Reads a count at a path (0 when absent). */
export function countAt(tree: CountTree, path: readonly string[]): number {
  let node: number | CountTree | undefined = tree;
  for (const key of path) {
    if (typeof node !== 'object') return 0;
    node = node[key];
  }
  return typeof node === 'number' ? node : 0;
}
