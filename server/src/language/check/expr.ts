// Evaluates the expressions of a segment: numbers, symbols (bound at their first
// use to the value that makes that use correct) and the words SYN and FIN.
import { termsOf, type Expr, type SegmentSpec } from '../syntax/ast';
import { plainValue } from '../syntax/segmentNode';
import type { Span } from '../text';
import { add, pinBase, resolve, u32, type Num, type SymbolBase } from '../tcp/seqnum';
import type { Tcb } from '../tcp/tcb';
import type { CheckContext } from './context';

/** The value of the spec's seq or ack (see `evaluate`); undefined when not written. A plain number, as most are, is read as it is. */
export function evaluateField(ctx: CheckContext, spec: SegmentSpec, key: 'seq' | 'ack', sender: Tcb, expected: Num | undefined): Num | undefined {
  const plain = plainValue(spec, key);
  if (plain !== undefined) return u32(plain);
  const expr = spec[key];
  return expr && evaluate(ctx, expr, sender, expected);
}

/**
 * The value of `expr`. `expected` is what would make the use correct: a symbol
 * used for the first time is bound so that the expression equals it (or becomes
 * a free base when nothing is expected). Undefined when the expression cannot be
 * evaluated (the reason is reported).
 */
export function evaluate(ctx: CheckContext, expr: Expr, sender: Tcb, expected: Num | undefined): Num | undefined {
  let constant = 0;
  // Coefficient of each free symbol the expression ends up depending on.
  const bases = new Map<SymbolBase, number>();
  let fresh: { base: SymbolBase; negative: boolean } | undefined;

  const addSym = (n: Num, negative: boolean) => {
    const r = resolve(n);
    if (typeof r === 'number') constant += negative ? -r : r;
    else {
      constant += negative ? -r.off : r.off;
      bases.set(r.base, (bases.get(r.base) ?? 0) + (negative ? -1 : 1));
    }
  };

  for (const t of termsOf(expr)) {
    if (t.kind === 'number') constant += t.negative ? -t.value : t.value;
    else if (t.kind === 'word') {
      const seen = t.word === 'SYN' ? sender.lastSyn : sender.lastFin;
      if (!seen) {
        ctx.report('TF409', t, `no ${t.word} has arrived here yet: the word ${t.word} means the sequence number of the most recent ${t.word} this endpoint received`);
        return undefined;
      }
      addSym(seen.seq, t.negative);
    } else {
      const known = ctx.symbols.get(t.name);
      if (known) {
        ctx.use(known, t);
        addSym({ base: known.base, off: 0 }, t.negative);
      } else if (fresh) {
        // A second new symbol in one expression: make it a free base of its own.
        addSym(declare(ctx, t.name, t), t.negative);
      } else {
        fresh = { base: declare(ctx, t.name, t).base, negative: t.negative };
      }
    }
  }

  if (fresh) {
    // Solve expected = rest ± fresh for the fresh symbol.
    const rest = combine(constant, bases);
    if (expected !== undefined && rest !== undefined) {
      const value = solve(expected, rest, fresh.negative);
      if (value !== undefined) pinBase(fresh.base, value);
    }
    addSym({ base: fresh.base, off: 0 }, fresh.negative);
  }

  for (const [b, k] of bases) if (k === 0) bases.delete(b);
  const value = combine(constant, bases);
  if (value === undefined) {
    ctx.report('TF411', expr, `this expression adds unrelated unknown numbers (${[...bases.keys()].map((b) => b.name).join(', ')}): write it as one symbol plus or minus a number`);
  }
  return value;
}

function declare(ctx: CheckContext, name: string, span: Span): { base: SymbolBase; off: number } {
  const base: SymbolBase = { name, anonymous: false, span };
  ctx.declare(name, { base, uses: [span] });
  return { base, off: 0 };
}

/** constant + Σ bases, when that is a number or one symbol plus an offset. */
function combine(constant: number, bases: Map<SymbolBase, number>): Num | undefined {
  let only: SymbolBase | undefined;
  for (const [b, k] of bases) {
    if (k === 0) continue;
    if (k !== 1 || only) return undefined;
    only = b;
  }
  const off = add(constant, 0) as number;
  return only ? { base: only, off } : off;
}

/** x such that rest + (negative ? -x : x) = expected. */
function solve(expected: Num, rest: Num, negative: boolean): Num | undefined {
  const e = resolve(expected);
  const r = resolve(rest);
  if (typeof r === 'number') {
    const x = add(e, -r);
    if (!negative) return x;
    return typeof x === 'number' ? add(0, -x) : undefined;
  }
  // rest has a symbol: only solvable when expected has the same one.
  if (typeof e !== 'number' && e.base === r.base) {
    const d = e.off - r.off;
    return add(0, negative ? -d : d);
  }
  return undefined;
}
