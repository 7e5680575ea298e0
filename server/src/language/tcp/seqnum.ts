// Sequence numbers: 32-bit, arithmetic mod 2^32, compared with serial-number
// arithmetic (RFC 1982, RFC 9293 §3.4). A number is concrete, or a symbol plus
// an offset while nothing has pinned the symbol to a value.
import type { Span } from '../text';

export interface SymbolBase {
  readonly name: string;
  /** Made by the checker for a number nothing showed yet (not a user symbol). */
  readonly anonymous: boolean;
  /** What the symbol stands for once bound or pinned. */
  value?: Num;
  /** Where a user symbol was first used. */
  readonly span?: Span;
}

export interface SymNum {
  readonly base: SymbolBase;
  readonly off: number;
}

export type Num = number | SymNum;

const TWO32 = 0x1_0000_0000;

export const u32 = (n: number): number => {
  // Most numbers are in range already: no division for them.
  const r = n >= 0 && n < TWO32 ? n : ((n % TWO32) + TWO32) % TWO32;
  // A value below 2^31 as a small integer: V8 keeps it unboxed in every snapshot that holds it.
  return r < 0x8000_0000 ? r | 0 : r;
};

export function add(a: Num, k: number): Num {
  if (typeof a === 'number') return u32(a + k);
  return { base: a.base, off: u32(a.off + k) };
}

/** Follows pinned and aliased symbols down to a concrete number or a free symbol. */
export function resolve(a: Num): Num {
  let off = 0;
  let cur = a;
  for (let guard = 0; typeof cur !== 'number' && cur.base.value !== undefined && guard < 64; guard++) {
    off += cur.off;
    cur = cur.base.value;
  }
  return off === 0 ? cur : add(cur, off);
}

/**
 * Where a check records the symbols it pins, in order: an incremental check
 * undoes the pins made after the statement it resumes from and replays the
 * ones of the statements it keeps. Set by the checker for the duration of one
 * synchronous run.
 */
let pinLog: SymbolBase[] | undefined;

export function logPinsTo(log: SymbolBase[] | undefined): void {
  pinLog = log;
}

/** Gives a free symbol its value (a symbol is pinned at most once). */
export function pinBase(base: SymbolBase, value: Num): void {
  base.value = value;
  pinLog?.push(base);
}

/** What a number no segment showed yet stands for: it is shown in words, `Client's ISN`. */
export type Unknown = 'ISN' | 'SND.NXT' | 'RCV.NXT' | 'old seq';

/** A number no segment showed yet, named after its endpoint and what it stands for (`Client's ISN`). */
export function unknownNumber(endpoint: string, what: Unknown): SymNum {
  return { base: { name: `${endpoint}'s ${what}`, anonymous: true }, off: 0 };
}

/**
 * a − b as a signed serial-number distance, or undefined when the two are not
 * comparable (different free symbols, or a symbol against a number).
 */
export function diff(a: Num, b: Num): number | undefined {
  const x = resolve(a);
  const y = resolve(b);
  let d: number;
  if (typeof x === 'number' && typeof y === 'number') d = u32(x - y);
  else if (typeof x !== 'number' && typeof y !== 'number' && x.base === y.base) d = u32(x.off - y.off);
  else return undefined;
  return d >= 0x8000_0000 ? d - TWO32 : d;
}

export const same = (a: Num, b: Num): boolean => diff(a, b) === 0;

/**
 * Makes `a` equal to `b` when that only means pinning a free symbol: an
 * anonymous one (a number not shown yet) against anything, a user symbol
 * against a concrete number. Returns whether they are now equal.
 */
export function unify(a: Num, b: Num): boolean {
  const d = diff(a, b);
  if (d !== undefined) return d === 0;
  const x = resolve(a);
  const y = resolve(b);
  const pin = (s: SymNum, to: Num) => {
    pinBase(s.base, add(to, -s.off));
    return true;
  };
  if (typeof x !== 'number' && x.base.anonymous) return pin(x, y);
  if (typeof y !== 'number' && y.base.anonymous) return pin(y, x);
  if (typeof x !== 'number' && typeof y === 'number') return pin(x, y);
  if (typeof y !== 'number' && typeof x === 'number') return pin(y, x);
  return false;
}

/** True when the number can be written in a flow: concrete, or a user symbol plus an offset (not an unknown the checker named). */
export function isWritable(a: Num): boolean {
  const x = resolve(a);
  return typeof x === 'number' || !x.base.anonymous;
}

/** `ISN_Client+1`, `ISN_Server`, `4294967295`; `spaced` gives `ISN_Client + 1` (article style). */
export function formatNum(a: Num, spaced = false): string {
  const x = resolve(a);
  if (typeof x === 'number') return String(x);
  if (x.off === 0) return x.base.name;
  const neg = x.off >= 0x8000_0000;
  const k = neg ? TWO32 - x.off : x.off;
  const op = neg ? '-' : '+';
  return spaced ? `${x.base.name} ${op} ${k}` : `${x.base.name}${op}${k}`;
}
