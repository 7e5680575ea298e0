// The targets: one input through the core, both generators and every editor
// service (text), or through the capture reader and import (bytes). A target
// that throws is caught by the caller; invariant breaks go to `report`.
import { convertConnection } from '../../server/src/capture/convert';
import { CaptureError } from '../../server/src/capture/errors';
import { CaptureScanner, scanCapture, type ScanResult } from '../../server/src/capture/scan';
import { analyze, type Analysis } from '../../server/src/language/analysis';
import type { TextEdit } from '../../server/src/language/check/diagnostic';
import { timelineRows } from '../../server/src/language/describe';
import { chunkedDiagram, LABEL_NOTATIONS, toMarkdown, toMermaid } from '../../server/src/language/mermaid';
import { codeActions, resolveEdits, type CodeAction } from '../../server/src/language/services/codeActions';
import { completions } from '../../server/src/language/services/completion';
import { documentSymbols, type OutlineItem } from '../../server/src/language/services/documentSymbols';
import { foldingRanges } from '../../server/src/language/services/folding';
import { format } from '../../server/src/language/services/format';
import { hover } from '../../server/src/language/services/hover';
import { codeLenses } from '../../server/src/language/services/codeLenses';
import { inlayHints, MAX_HINT_LENGTH } from '../../server/src/language/services/inlayHints';
import { highlights, prepareRename, rename } from '../../server/src/language/services/names';
import { selectionRange } from '../../server/src/language/services/selectionRanges';
import { semanticTokens } from '../../server/src/language/services/semanticTokens';
import { statesAt } from '../../server/src/language/services/statesAt';
import { applyEdits, checkEdits, checkMarkup, checkMermaid, mapOffset, newCodes, Positions, splitsPair, syntaxCounts, type Report } from './invariants';
import type { Rng } from './rng';

export type FuzzInput = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'capture'; readonly bytes: Uint8Array };

/** Every target name, so that shared memory can say which one is running. */
export const TARGETS = [
  'analyze', 'findings', 'mermaid', 'markdown', 'timeline', 'hover', 'completion', 'inlayHints', 'semanticTokens', 'folding', 'symbols',
  'selectionRanges', 'highlights', 'rename', 'codeActions', 'format', 'capture', 'import',
] as const;
export type TargetName = (typeof TARGETS)[number];

/** Runs one named target; the runner catches what it throws. */
export type RunTarget = (target: TargetName, body: () => void) => void;

/** Code actions checked by applying them (each costs a full analysis). */
const MAX_APPLIED_ACTIONS = 1;
const POINT_QUERIES = 3;

/**
 * Offsets for the point services: random places, now and then the ends. Never
 * between a CR and its LF or inside a surrogate pair, where no editor puts a cursor.
 */
function offsets(r: Rng, text: string): number[] {
  const out: number[] = [];
  if (r.chance(0.2)) out.push(0);
  if (r.chance(0.2)) out.push(text.length);
  for (let i = 0; i < POINT_QUERIES; i++) {
    const o = r.int(text.length + 1);
    out.push(splitsPair(text, o) ? o - 1 : o);
  }
  return out;
}

function checkFindings(a: Analysis, pos: Positions): void {
  for (const f of a.findings) {
    pos.span(f, `${f.code} range`);
    for (const r of f.related ?? []) pos.span(r, `${f.code} related`);
  }
}

function checkOutline(items: readonly OutlineItem[], parent: { start: number; end: number }, pos: Positions, report: Report): void {
  for (const it of items) {
    pos.span(it, `outline ${it.kind}`);
    if (it.selection.start < it.start || it.selection.end > it.end) report('nesting', `outline ${it.kind} selection ${it.selection.start}..${it.selection.end} outside ${it.start}..${it.end}`);
    if (it.start < parent.start || it.end > parent.end) report('nesting', `outline ${it.kind} ${it.start}..${it.end} outside its parent ${parent.start}..${parent.end}`);
    if (it.children) checkOutline(it.children, it, pos, report);
  }
}

/** The words of an action's title that name what it does, without the flow's names and numbers. */
const gist = (title: string) => title.split(/[\s(:]+/).slice(0, 3).join(' ');

/** Applies an action's edits; the result must have no more syntax errors, and a quick fix must remove its finding. */
function checkApplied(a: Analysis, action: CodeAction, edits: readonly TextEdit[], report: Report): void {
  if (!checkEdits(a.text, edits, `action "${action.title}"`, report)) return;
  const after = analyze(applyEdits(a.text, edits));
  const added = newCodes(syntaxCounts(a), syntaxCounts(after));
  if (added.length) report('action-breaks-syntax', `${gist(action.title)} adds ${added.join(', ')} ("${action.title}")`);
  const f = action.finding;
  if (action.kind === 'quickfix' && f) {
    // Its code where its text moved (a finding whose text the fix replaced is gone); the message may change with the numbers.
    const at = mapOffset(edits, f.start);
    // Another finding of the same code at the same place may have been there before: compare how many.
    const here = (x: Analysis, start: number) => x.findings.filter((g) => g.code === f.code && g.start === start).length;
    if (at !== undefined && here(after, at) >= here(a, f.start)) report('fix-keeps-finding', `${gist(action.title)} leaves ${f.code} ("${action.title}")`);
  }
}

export function runText(text: string, r: Rng, run: RunTarget, report: Report): void {
  let a: Analysis | undefined;
  run('analyze', () => {
    a = analyze(text);
    a.diagnostics({ strict: true });
  });
  if (!a) return;
  const an = a;
  const pos = new Positions(an, report);
  const whole = { start: 0, end: text.length };
  const points = offsets(r, text);

  run('findings', () => checkFindings(an, pos));
  run('mermaid', () => {
    const from = 1 + r.int(an.lines.lineCount);
    const options = {
      inferred: r.chance(0.5), timestamps: r.chance(0.5), labels: r.pick(LABEL_NOTATIONS), chunkSize: 1 + r.int(4),
      lines: r.chance(0.3) ? { from, to: from + r.int(20) } : undefined,
    };
    const d = toMermaid(an, options);
    checkMermaid(d.mermaid, report);
    for (const c of d.chunks) checkMermaid(c, report);
    for (const e of d.elements) if (e.line < 0 || e.line >= an.lines.lineCount) report('range', `diagram element on line ${e.line} of ${an.lines.lineCount}`);
    // The preview's chunks drawn when asked are the whole diagram's.
    const lazy = chunkedDiagram(an, options);
    if (lazy.chunkLines.length !== d.chunks.length) report('chunks', `${lazy.chunkLines.length} chunks drawn when asked, ${d.chunks.length} in the whole diagram`);
    else d.chunks.forEach((c, i) => lazy.chunk(i)?.text !== c && report('chunks', `chunk ${i} drawn when asked differs from the whole diagram's`));
  });
  run('markdown', () => checkMarkup(toMarkdown(an, { fileName: 'fuzz.tcpflow' }), 'Markdown', report));
  run('timeline', () => {
    timelineRows(an);
    statesAt(an, r.int(an.lines.lineCount + 1));
  });
  run('hover', () => {
    for (const o of points) {
      const h = hover(an, o);
      if (!h) continue;
      pos.span(h, 'hover');
      checkMarkup(h.markdown, 'hover', report);
    }
  });
  run('completion', () => {
    for (const o of points) {
      for (const c of completions(an, o)) {
        pos.span(c, `completion "${c.label}"`);
        if (c.start > o || c.end < o || text.slice(c.start, c.end).includes('\n')) report('completion-range', `"${c.label}" replaces ${c.start}..${c.end}, the cursor is at ${o}`);
        if (c.placeholder && (c.placeholder.start < 0 || c.placeholder.start > c.placeholder.end || c.placeholder.end > c.insert.length)) report('range', `completion "${c.label}" placeholder outside its text`);
        if (c.documentation) checkMarkup(c.documentation, 'completion documentation', report);
      }
    }
  });
  run('inlayHints', () => {
    for (const h of inlayHints(an, whole, { detail: 'full' })) pos.span({ start: h.offset, end: h.offset }, `inlay hint ${h.kind}`);
    // The compact detail: one state hint per line, within VS Code's length, never before the code.
    const stateLines = new Set<number>();
    for (const h of inlayHints(an, whole)) {
      pos.span({ start: h.offset, end: h.offset }, `inlay hint ${h.kind}`);
      const { line } = an.lines.position(h.offset);
      if (text.slice(an.lines.lineStart(line), h.offset).trim() === '') report('hint-before-code', `${h.kind} hint '${h.label}' before the code of line ${line + 1}`);
      if (h.kind !== 'state') continue;
      if (h.label.length > MAX_HINT_LENGTH) report('hint-length', `'${h.label}' is longer than ${MAX_HINT_LENGTH}`);
      if (stateLines.has(line)) report('hints-per-line', `two state hints on line ${line + 1}`);
      stateLines.add(line);
    }
    for (const l of codeLenses(an)) {
      pos.span({ start: l.offset, end: l.offset }, 'code lens');
      if (an.lines.lineStart(an.lines.position(l.offset).line) !== l.offset) report('range', `code lens at ${l.offset}, not at a line start`);
    }
  });
  run('semanticTokens', () => {
    const sub = [points[0], points[1]].sort((x, y) => x - y);
    for (const range of [whole, { start: sub[0], end: sub[1] }]) {
      let prev = 0;
      for (const t of semanticTokens(an, range)) {
        pos.span(t, 'semantic token');
        if (t.start < prev) report('order', `semantic token ${t.start}..${t.end} overlaps or precedes the one ending at ${prev}`);
        if (text.slice(t.start, t.end).includes('\n')) report('range', `semantic token ${t.start}..${t.end} spans lines`);
        prev = t.end;
      }
    }
  });
  run('folding', () => {
    for (const f of foldingRanges(an)) {
      if (f.startLine < 0 || f.startLine > f.endLine || f.endLine >= an.lines.lineCount) report('range', `fold ${f.startLine}-${f.endLine} of ${an.lines.lineCount} lines`);
    }
  });
  run('symbols', () => checkOutline(documentSymbols(an), whole, pos, report));
  run('selectionRanges', () => {
    for (const o of points) {
      const chain = selectionRange(an, o);
      chain.forEach((s, i) => {
        pos.span(s, 'selection range');
        if (s.start > o || s.end < o) report('nesting', `selection range ${s.start}..${s.end} misses the cursor ${o}`);
        const outer = chain[i + 1];
        if (outer && (outer.start > s.start || outer.end < s.end)) report('nesting', `selection range ${s.start}..${s.end} not inside ${outer.start}..${outer.end}`);
      });
    }
  });
  run('highlights', () => {
    for (const o of points) for (const h of highlights(an, o)) pos.span(h, 'highlight');
  });
  run('rename', () => {
    for (const o of points) {
      const p = prepareRename(an, o);
      if ('error' in p) continue;
      pos.span(p.span, 'prepareRename');
      const result = rename(an, o, r.pick(['Renamed', 'x', 'A', 'SYN', '1bad', 'ISN_A']));
      if ('edits' in result && checkEdits(text, result.edits, 'rename', report)) {
        const added = newCodes(syntaxCounts(an), syntaxCounts(analyze(applyEdits(text, result.edits))));
        if (added.length) report('rename-breaks-syntax', `renaming ${p.name} adds ${added.join(', ')}`);
      }
      break;
    }
  });
  run('codeActions', () => {
    const sub = [points[0], points[1]].sort((x, y) => x - y);
    const actions = [...codeActions(an, whole, { strict: true }), ...codeActions(an, { start: sub[0], end: sub[1] })];
    const picked = actions.length <= MAX_APPLIED_ACTIONS ? actions : Array.from({ length: MAX_APPLIED_ACTIONS }, () => r.pick(actions));
    for (const action of picked) checkApplied(an, action, action.edits ?? resolveEdits(an, action.lazy!), report);
  });
  run('format', () => {
    const edits = format(an, { indent: r.pick(['  ', '\t', '    ']) });
    if (!checkEdits(text, edits, 'format', report)) return;
    const formatted = applyEdits(text, edits);
    const after = analyze(formatted);
    const added = newCodes(syntaxCounts(an), syntaxCounts(after));
    if (added.length) report('format-breaks-syntax', `formatting adds ${added.join(', ')}`);
  });
}

/** What a capture comes to: its connections as flows, or a CaptureError code. */
function scanOutcome(scan: () => ScanResult): ScanResult | string {
  try {
    return scan();
  } catch (e) {
    if (e instanceof CaptureError) return `error ${e.code}`;
    throw e;
  }
}

const MAX_CONVERTED = 2;

export function runCapture(bytes: Uint8Array, r: Rng, run: RunTarget, report: Report): void {
  // Set inside the closure, read after it.
  const read: { scan?: ScanResult } = {};
  run('capture', () => {
    const whole = scanOutcome(() => scanCapture(bytes));
    if (typeof whole !== 'string') read.scan = whole;
    // The outcome cannot depend on how the bytes arrive.
    const cut = r.int(bytes.length + 1);
    const chunked = scanOutcome(() => {
      const s = new CaptureScanner();
      s.push(bytes.subarray(0, cut));
      s.push(bytes.subarray(cut));
      return s.finish();
    });
    const summary = (x: ScanResult | string) => (typeof x === 'string' ? x : `${x.format} ${x.frames} ${x.tcpPackets} ${x.connections.length}`);
    if (summary(whole) !== summary(chunked)) report('capture-chunking', `whole: ${summary(whole)}, cut at ${cut}: ${summary(chunked)}`);
  });
  const { scan } = read;
  if (!scan) return;
  run('import', () => {
    for (const c of scan.connections.slice(0, MAX_CONVERTED)) {
      const conn = scanCapture(bytes, (i) => i === c.index).selected;
      if (!conn) {
        report('import', `connection ${c.index} listed but not selectable`);
        continue;
      }
      const flow = convertConnection(conn, { source: 'fuzz.pcap', relative: r.chance(0.5) });
      const syntax = [...syntaxCounts(analyze(flow)).keys()];
      if (syntax.length) report('import-breaks-syntax', `imported connection ${c.index} has ${syntax.join(', ')}`);
    }
  });
}
