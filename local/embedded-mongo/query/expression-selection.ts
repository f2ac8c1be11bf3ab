/**
 * The parts of a document an aggregation expression (a filter's `$expr`) reads, down into array elements. The
 * daily job's guard counts history entries with `{$size: {$filter: {input: '$sessionHistory', as: 'e', cond: ...
 * '$$e.sessionId' ...}}}`: it reads the fields `cond` names of each entry, and only the count of the filtered ones.
 *
 * Each sub-expression is analysed with the demand its consumer puts on its value (all of it, or only some fields,
 * or only its type/truthiness: an empty selection). Operators not listed here are assumed to read their arguments
 * whole, so a variable they bind is always bound to a whole value; that keeps the analysis safe for any expression.
 * Used by the fast paths only, for expressions the expression compiler runs (never mingo).
 */
import {
  type FieldSelection,
  type FieldsSelection,
  mergeSelections,
  selectionOfPath,
} from '../bson/field-selection.ts';
import { isPlainObject } from '../bson/matchable.ts';

const emptySelection: FieldsSelection = new Map();

/** A variable bound by `$filter` or `$map`, with what the expression reads of it. */
interface Binding {
  readonly name: string;
  demand: FieldSelection;
  readonly outer: Binding | undefined;
}

class Analysis {
  root: FieldSelection = emptySelection;

  /** Records that `path` ("$a.b", "$$e.b", "$$ROOT.a") is read as far as `demand`. */
  readPath(path: string, demand: FieldSelection, scope: Binding | undefined): void {
    if (!path.startsWith('$$')) {
      this.root = mergeSelections(this.root, selectionOfPath(path.slice(1).split('.'), demand));
      return;
    }
    const [head, ...rest] = path.slice(2).split('.') as [string, ...string[]];
    const read = rest.length === 0 ? demand : selectionOfPath(rest, demand);
    let binding = scope;
    while (binding !== undefined && binding.name !== head) binding = binding.outer;
    if (binding !== undefined) binding.demand = mergeSelections(binding.demand, read);
    else if (head === 'ROOT' || head === 'CURRENT') this.root = mergeSelections(this.root, read);
    // Any other variable is a constant of the command (`let`) or a system variable ($$NOW): nothing stored.
  }

  visit(expression: unknown, demand: FieldSelection, scope: Binding | undefined): void {
    if (typeof expression === 'string') {
      if (expression.startsWith('$')) this.readPath(expression, demand, scope);
      return;
    }
    if (Array.isArray(expression)) {
      for (const item of expression) this.visit(item, 'all', scope);
      return;
    }
    if (!isPlainObject(expression)) return;
    const keys = Object.keys(expression);
    const operator = keys.length === 1 && keys[0]?.startsWith('$') ? keys[0] : undefined;
    if (operator === undefined || !this.visitOperator(operator, expression[operator], demand, scope)) {
      for (const value of Object.values(expression)) this.visit(value, 'all', scope);
    }
  }

  /** Handles the operators that read less than their arguments whole; false for every other operator. */
  visitOperator(operator: string, argument: unknown, demand: FieldSelection, scope: Binding | undefined): boolean {
    const list = Array.isArray(argument) ? argument : [argument];
    switch (operator) {
      case '$literal':
        return true;
      case '$size':
      case '$isArray':
      case '$type':
        // Only the value's type, or its element count: nothing inside needs decoding.
        if (list.length !== 1) return false;
        this.visit(list[0], emptySelection, scope);
        return true;
      case '$and':
      case '$or':
      case '$not':
        // Only truthiness: a document or array is true whatever it holds.
        for (const item of list) this.visit(item, emptySelection, scope);
        return true;
      case '$cond':
        return this.visitCond(argument, demand, scope);
      case '$filter':
      case '$map':
        return this.visitIteration(operator, argument, demand, scope);
      default:
        return false;
    }
  }

  visitCond(argument: unknown, demand: FieldSelection, scope: Binding | undefined): boolean {
    const parts = Array.isArray(argument)
      ? argument
      : isPlainObject(argument) && Object.keys(argument).every((key) => ['if', 'then', 'else'].includes(key))
        ? [argument['if'], argument['then'], argument['else']]
        : undefined;
    if (parts?.length !== 3) return false;
    this.visit(parts[0], emptySelection, scope);
    this.visit(parts[1], demand, scope);
    this.visit(parts[2], demand, scope);
    return true;
  }

  /**
   * `$filter` returns input elements: the consumer's demand on them plus what `cond` reads of the variable.
   * `$map` returns `in` values: kept to a type-only demand when that is all the consumer needs, else whole.
   */
  visitIteration(operator: string, argument: unknown, demand: FieldSelection, scope: Binding | undefined): boolean {
    if (!isPlainObject(argument)) return false;
    const allowed = operator === '$filter' ? ['input', 'as', 'cond', 'limit'] : ['input', 'as', 'in'];
    if (!Object.keys(argument).every((key) => allowed.includes(key))) return false;
    const name = argument['as'] ?? 'this';
    if (typeof name !== 'string') return false;
    const binding: Binding = { name, demand: emptySelection, outer: scope };
    if (operator === '$filter') {
      this.visit(argument['cond'], emptySelection, binding);
      this.visit(argument['limit'], 'all', scope);
      this.visit(argument['input'], mergeSelections(demand, binding.demand), scope);
    } else {
      const resultDemand = demand !== 'all' && demand.size === 0 ? emptySelection : 'all';
      this.visit(argument['in'], resultDemand, binding);
      this.visit(argument['input'], binding.demand, scope);
    }
    return true;
  }
}

/** What `expression` reads of the document it runs on; undefined when it may read the whole document. */
export function expressionSelection(expression: unknown): FieldsSelection | undefined {
  const analysis = new Analysis();
  analysis.visit(expression, 'all', undefined);
  return analysis.root === 'all' ? undefined : analysis.root;
}
