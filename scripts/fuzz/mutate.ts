// Mutators: each takes a random generator and an input and returns a changed
// copy. Text mutators work on characters, lines and tokens; byte mutators on
// a capture file's bytes and its 32-bit fields.
import { lineStartAt } from '../../server/src/language/text';
import type { Rng } from './rng';
import { AWKWARD, EDGE_NUMBERS, HOSTILE, VOCABULARY } from './vocabulary';

type TextMutator = (r: Rng, text: string, other: string) => string;

const lines = (t: string) => t.split('\n');
const at = (r: Rng, t: string) => r.int(t.length + 1);
const insert = (t: string, i: number, s: string) => t.slice(0, i) + s + t.slice(i);

/** Where a token starts or ends (a space or a line boundary next to it), so insertions land between tokens. */
function boundary(r: Rng, t: string): number {
  for (let tries = 0; tries < 8; tries++) {
    const i = at(r, t);
    if (i === 0 || i === t.length || /\s/.test(t[i - 1]) || /\s/.test(t[i])) return i;
  }
  return at(r, t);
}

function onLines(t: string, f: (ls: string[]) => void): string {
  const ls = lines(t);
  f(ls);
  return ls.join('\n');
}

/** Long runs: one long line, many lines, a long payload. */
function huge(r: Rng): string {
  const n = 500 + r.int(4000);
  switch (r.int(5)) {
    case 0: return `${r.pick(VOCABULARY)} `.repeat(n);
    case 1: return `"${'x'.repeat(n * 4)}"`;
    case 2: return '# comment\n'.repeat(n);
    case 3: return 'Client -> Server : ACK\n'.repeat(n >> 2);
    default: return r.pick(AWKWARD).repeat(n);
  }
}

export const TEXT_MUTATORS: Record<string, TextMutator> = {
  flipBit: (r, t) => {
    if (!t) return t;
    const i = r.int(t.length);
    return t.slice(0, i) + String.fromCharCode(t.charCodeAt(i) ^ (1 << r.int(r.chance(0.9) ? 7 : 16))) + t.slice(i + 1);
  },
  deleteSpan: (r, t) => {
    const i = at(r, t);
    return t.slice(0, i) + t.slice(i + 1 + r.int(r.chance(0.8) ? 8 : 200));
  },
  swapLines: (r, t) => onLines(t, (ls) => {
    const a = r.int(ls.length);
    const b = r.int(ls.length);
    [ls[a], ls[b]] = [ls[b], ls[a]];
  }),
  duplicateLine: (r, t) => onLines(t, (ls) => ls.splice(r.int(ls.length + 1), 0, ls[r.int(ls.length)])),
  deleteLine: (r, t) => onLines(t, (ls) => ls.splice(r.int(ls.length), 1 + (r.chance(0.2) ? r.int(5) : 0))),
  insertToken: (r, t) => {
    const i = boundary(r, t);
    const sep = () => (r.chance(0.7) ? ' ' : '');
    return insert(t, i, sep() + r.pick(VOCABULARY) + sep());
  },
  replaceWord: (r, t) => {
    const words = [...t.matchAll(/[^\s:=(),+]+/g)];
    if (!words.length) return t;
    const w = r.pick(words);
    return t.slice(0, w.index) + r.pick(VOCABULARY) + t.slice(w.index! + w[0].length);
  },
  edgeNumber: (r, t) => {
    const nums = [...t.matchAll(/\d+(\.\d+)?/g)];
    if (!nums.length) return insert(t, boundary(r, t), r.pick(EDGE_NUMBERS));
    const n = r.pick(nums);
    return t.slice(0, n.index) + r.pick(EDGE_NUMBERS) + t.slice(n.index! + n[0].length);
  },
  hostile: (r, t) => {
    const h = r.pick(HOSTILE);
    // Inside a string (a title, note or payload) or as a bare token.
    return insert(t, boundary(r, t), r.chance(0.7) ? `"${h.replace(/"/g, '\\"')}"` : h);
  },
  awkward: (r, t) => insert(t, at(r, t), r.pick(AWKWARD)),
  lineEndings: (r, t) => (r.chance(0.5) ? t.replace(/\n/g, r.pick(['\r\n', '\r', '\u2028'])) : t.replace(/\r?\n/g, '\n')),
  huge: (r, t) => insert(t, boundary(r, t), huge(r)),
  // 140,000 two-line comment runs: more folds than a spread call can pass as arguments.
  massive: (r, t) => insert(t, lineStartAt(t, at(r, t)), '#\n#\n\n'.repeat(140_000)),
  splice: (r, t, other) => {
    const ls = lines(t);
    const os = lines(other);
    const from = r.int(os.length);
    ls.splice(r.int(ls.length + 1), r.int(3), ...os.slice(from, from + 1 + r.int(6)));
    return ls.join('\n');
  },
  truncate: (r, t) => t.slice(0, at(r, t)),
};

const TEXT_WEIGHTS: [keyof typeof TEXT_MUTATORS, number][] = [
  ['flipBit', 10], ['deleteSpan', 8], ['swapLines', 8], ['duplicateLine', 8], ['deleteLine', 8], ['insertToken', 20], ['replaceWord', 14],
  ['edgeNumber', 8], ['hostile', 4], ['awkward', 5], ['lineEndings', 2],  ['huge', 0.3], ['massive', 0.002], ['splice', 4], ['truncate', 2],
];

function weighted<T>(r: Rng, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let x = (r.next() / 2 ** 32) * total;
  for (const [c, w] of choices) if ((x -= w) < 0) return c;
  return choices[choices.length - 1][0];
}

/** One to six text mutations; returns the text and the mutators applied. */
export function mutateText(r: Rng, text: string, other: string): { text: string; ops: string[] } {
  const ops: string[] = [];
  const n = 1 + (r.chance(0.5) ? 0 : r.int(6));
  for (let i = 0; i < n; i++) {
    const op = weighted(r, TEXT_WEIGHTS);
    // One huge or massive run per input at most keeps the rate of inputs up.
    if ((op === 'huge' || op === 'massive') && (ops.includes('huge') || ops.includes('massive'))) continue;
    text = TEXT_MUTATORS[op](r, text, other);
    ops.push(op);
  }
  return { text, ops };
}

type ByteMutator = (r: Rng, b: Uint8Array, other: Uint8Array) => Uint8Array;

const INTERESTING_U32 = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 0x10000, 0xffff, 28, 32];
const INTERESTING_U8 = [0, 1, 0x7f, 0x80, 0xff, 0x45, 0x60, 0x06, 0x11];

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const BYTE_MUTATORS: Record<string, ByteMutator> = {
  flipBit: (r, b) => {
    const c = b.slice();
    if (c.length) c[r.int(c.length)] ^= 1 << r.int(8);
    return c;
  },
  setByte: (r, b) => {
    const c = b.slice();
    if (c.length) c[r.int(c.length)] = r.pick(INTERESTING_U8);
    return c;
  },
  setU32: (r, b) => {
    if (b.length < 4) return b;
    const c = b.slice();
    // Aligned writes hit header and block-length fields more often.
    const i = r.chance(0.7) ? r.int(c.length >> 2) << 2 : r.int(c.length - 3);
    new DataView(c.buffer).setUint32(i, r.pick(INTERESTING_U32), r.chance(0.5));
    return c;
  },
  deleteRange: (r, b) => {
    const i = r.int(b.length + 1);
    return concat(b.subarray(0, i), b.subarray(i + 1 + r.int(64)));
  },
  duplicateRange: (r, b) => {
    const i = r.int(b.length + 1);
    return concat(b.subarray(0, i), b.subarray(i, i + 1 + r.int(256)), b.subarray(i));
  },
  insertRandom: (r, b) => {
    const i = r.int(b.length + 1);
    const junk = Uint8Array.from({ length: 1 + r.int(32) }, () => r.int(256));
    return concat(b.subarray(0, i), junk, b.subarray(i));
  },
  truncate: (r, b) => b.subarray(0, r.int(b.length + 1)),
  splice: (r, b, other) => {
    const i = r.int(b.length + 1);
    const j = r.int(other.length + 1);
    return concat(b.subarray(0, i), other.subarray(j, j + r.int(512)));
  },
};

const BYTE_WEIGHTS: [keyof typeof BYTE_MUTATORS, number][] = [
  ['flipBit', 20], ['setByte', 15], ['setU32', 15], ['deleteRange', 8], ['duplicateRange', 8], ['insertRandom', 8], ['truncate', 3], ['splice', 3],
];

/** One to eight byte mutations. */
export function mutateBytes(r: Rng, bytes: Uint8Array, other: Uint8Array): { bytes: Uint8Array; ops: string[] } {
  const ops: string[] = [];
  const n = 1 + r.int(8);
  for (let i = 0; i < n; i++) {
    const op = weighted(r, BYTE_WEIGHTS);
    bytes = BYTE_MUTATORS[op](r, bytes, other);
    ops.push(op);
  }
  return { bytes, ops };
}
