// Checking a file too large to hold as one syntax tree: it is parsed a piece of
// lines at a time (never splitting a `simultaneous` block), three times over —
// the endpoint declarations (and the title; only the lines that may hold them
// are parsed), then the names and initial states (only as far as the first
// segments), then the check itself — and each piece's
// findings, or its statements, findings and steps for the timeline, are handed
// out in file order, as `analyze(text)` lists them, before the next piece is
// parsed. Memory: the text, its line index and one piece (and, for the
// timeline, the pieces held while a symbol in their numbers is still free).
import { PieceCheck } from './check/checker';
import { CheckContext } from './check/context';
import type { Finding } from './check/diagnostic';
import type { Endpoint, Step } from './check/result';
import { initialStates } from './check/initial';
import { NameResolver } from './check/names';
import { writesFlagCall, type Statement, type TitleStmt } from './syntax/ast';
import { parseLines } from './syntax/parser';
import { resolve, type Num } from './tcp/seqnum';

/** About 64 KiB of text per piece (some 900 lines): small enough that a piece's syntax tree and steps die young, collected without being copied. */
const PIECE_CHARS = 1 << 16;

interface Piece {
  readonly start: number;
  readonly end: number;
  readonly statements: readonly Statement[];
  readonly findings: readonly Finding[];
}

function* piecesOf(text: string, size: number): Generator<Piece> {
  let start = 0;
  do {
    const from = start;
    const parsed = parseLines(text, from, (at) => at >= from + size);
    yield { start: from, end: parsed.end, statements: parsed.file.statements, findings: parsed.findings };
    start = parsed.end;
  } while (start < text.length);
}

/**
 * The statements of the lines that may declare an endpoint, give the title or
 * write a flag call: a line starting with `endpoint`, `title` or
 * `simultaneous` (a block is parsed whole), or holding a `(` or a lone CR. The
 * others (segments without calls, events, notes, comments) are skipped unread.
 */
function* declaringStatements(text: string): Generator<Statement> {
  // The next `(` and lone CR at or after `at`, found again only once passed: one scan of the text each.
  const next = (c: string, from: number) => {
    let i = text.indexOf(c, from);
    while (c === '\r' && i >= 0 && text.charCodeAt(i + 1) === 10) i = text.indexOf(c, i + 1);
    return i < 0 ? text.length : i;
  };
  let paren = -1;
  let cr = -1;
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl + 1;
    if (paren < at) paren = next('(', at);
    if (cr < at) cr = next('\r', at);
    DECLARING.lastIndex = at;
    if (paren < end || cr < end || DECLARING.test(text)) {
      const parsed = parseLines(text, at, (stop) => stop >= end);
      yield* parsed.file.statements;
      at = Math.max(end, parsed.end);
    } else at = end;
  }
}

const DECLARING = /[ \t\ufeff]*(?:endpoint|title|simultaneous|\})/iy;

/** What the walk settled before the first step: the endpoints, named and declared, and their initial states. */
export interface PieceSetup {
  readonly endpoints: readonly Endpoint[];
  /** The first `title` statement, wherever it stands. */
  readonly title?: TitleStmt;
  /** Some segment writes a flag call (the article's notation). */
  readonly writesFlagCall: boolean;
}

/** What a stretch of the file holds: its top-level statements, findings (sorted) and steps. */
export interface PieceOfTimeline {
  readonly statements: readonly Statement[];
  readonly findings: readonly Finding[];
  readonly steps: readonly Step[];
}

/**
 * Walks `text` a piece at a time: calls `onSetup` once the endpoints and their
 * initial states are settled, then `onPiece` with each piece, in file order.
 */
function walkPieces(text: string, size: number, onPiece: (piece: PieceOfTimeline, last: boolean) => void, onSetup?: (setup: PieceSetup) => void): void {
  const names = new CheckContext(text);
  const resolver = new NameResolver(names);
  let title: TitleStmt | undefined;
  let calls = false;
  for (const s of declaringStatements(text)) {
    if (s.kind === 'endpoint') resolver.declare(s);
    else if (s.kind === 'title') title ??= s;
    else calls ||= writesFlagCall(s);
  }

  // Names are settled at their first use: resolving as far as the initial states need is enough to start.
  let resolved = -1;
  function* resolving(): Generator<Statement> {
    for (const piece of piecesOf(text, size)) {
      for (const s of piece.statements) {
        resolver.useAll(s);
        resolved = s.start;
        yield s;
      }
    }
  }
  const initial = initialStates(resolving(), resolver.names);
  onSetup?.({
    endpoints: resolver.names.endpoints.map((e, i) => ({
      name: e.name, decl: e.decl, label: e.decl?.label?.value, initial: initial[i], initialInferred: e.decl?.state === undefined, first: e.first,
    })),
    title,
    writesFlagCall: calls,
  });

  const check = new PieceCheck(text, resolver.names, initial);
  let pending = names.findings.splice(0);
  for (const piece of piecesOf(text, size)) {
    for (const s of piece.statements) if (s.start > resolved) resolver.useAll(s);
    pending = pending.concat(names.findings.splice(0));
    // The last piece takes what stands at the very end of the text too.
    const last = piece.end >= text.length;
    const now = pending.filter((f) => last || f.start < piece.end);
    pending = pending.filter((f) => !last && f.start >= piece.end);
    const replay = check.feed(piece.statements);
    const findings = [...piece.findings, ...now, ...replay.findings].sort((a, b) => a.start - b.start || a.end - b.end);
    onPiece({ statements: piece.statements, findings, steps: replay.steps }, last);
  }
}

/** Calls `emit` with the findings of each piece of `text`, in file order; together they are `analyze(text).findings`. */
export function checkInPieces(text: string, emit: (findings: Finding[]) => void, size = PIECE_CHARS): void {
  walkPieces(text, size, (piece) => emit(piece.findings as Finding[]));
}

/** A number that no later pin can change: shown now, it reads as it will at the end. */
const settled = (n: Num | undefined): boolean => n === undefined || typeof resolve(n) === 'number';

/**
 * Calls `onSetup` with the endpoints and title, then `emit` with stretches of
 * `text` in file order: together their statements, findings and steps are
 * `analyze(text)`'s. A stretch whose steps still have a free symbol in their
 * numbers (a later use may pin it) is held, with those after it, until the
 * numbers are concrete or the text ends: what is handed out reads as the whole
 * analysis shows it.
 */
export function timelineInPieces(text: string, onSetup: (setup: PieceSetup) => void, emit: (piece: PieceOfTimeline) => void, size = PIECE_CHARS): void {
  const held: PieceOfTimeline[] = [];
  // Pieces and steps before these are settled (a concrete number stays so).
  let piece = 0;
  let step = 0;
  walkPieces(text, size, (next, last) => {
    held.push(next);
    for (; piece < held.length; piece++, step = 0) {
      const steps = held[piece].steps;
      while (step < steps.length && (last || (settled(steps[step].segment?.seq) && settled(steps[step].segment?.ack)))) step++;
      if (step < steps.length) return;
    }
    emit(held.length === 1 ? held[0] : {
      statements: held.flatMap((p) => p.statements),
      findings: held.flatMap((p) => p.findings),
      steps: held.flatMap((p) => p.steps),
    });
    held.length = 0;
    piece = 0;
  }, onSetup);
}
