// The entry point of the core: text in, parse + check + diagnostics out. Hosts
// (the language server, the CLI) keep one Analysis per document version and
// serve every feature from it; an editor makes the next version's analysis from
// the previous one and the edit (incremental.ts).
import { applySeverity, type Diagnostic, type Finding, type SeverityOptions } from './check/diagnostic';
import { checkRun, type CheckRun } from './check/checker';
import type { CheckResult } from './check/result';
import type { FlowFile } from './syntax/ast';
import { bidiFindings, bidiShownIn, hasBidi } from './syntax/bidi';
import { parse } from './syntax/parser';
import { LineIndex } from './text';

export interface Analysis {
  readonly text: string;
  readonly file: FlowFile;
  readonly result: CheckResult;
  /** Syntax and check findings, in file order, before severity settings. */
  readonly findings: readonly Finding[];
  readonly lines: LineIndex;
  /** The findings with the given severity settings applied. */
  diagnostics(options?: SeverityOptions): Diagnostic[];
}

/** What an analysis keeps so that the next version can be made from it. */
export interface AnalysisState {
  readonly parseFindings: readonly Finding[];
  readonly run: CheckRun;
}

const states = new WeakMap<Analysis, AnalysisState>();

/** How many top-level statements the analysis checked (fewer than the file's when it was made from the previous version's). */
export function statementsChecked(analysis: Analysis): number | undefined {
  return states.get(analysis)?.run.replayed;
}

/** `common: false` reads and checks every line the general way, without the shortcuts for common segment lines (tests compare the two). */
export function analyze(text: string, { common = true } = {}): Analysis {
  const parsed = parse(text, { common });
  return assemble(parsed.file, parsed.findings, checkRun(parsed.file, { common }));
}

export function assemble(file: FlowFile, parseFindings: readonly Finding[], run: CheckRun): Analysis {
  const { text } = file;
  const result = run.result;
  const all = [...parseFindings, ...bidiFindings(text), ...result.findings];
  // Messages quote only the text and words of their own: with no control in the text, there is none to show.
  const findings = (hasBidi(text) ? all.map(bidiShownIn) : all).sort((a, b) => a.start - b.start || a.end - b.end);
  let lines: LineIndex | undefined;
  const analysis: Analysis = {
    text,
    file,
    result,
    findings,
    get lines() {
      return (lines ??= new LineIndex(text));
    },
    diagnostics: (options = {}) => applySeverity(findings, options),
  };
  states.set(analysis, { parseFindings, run });
  return analysis;
}

/**
 * Takes over what `analysis` kept for the next version: once taken, the
 * statements after an edit belong to the new analysis (they are moved to the
 * new text), so the old analysis must not be read any more. Undefined when it
 * was taken already.
 */
export function takeOver(analysis: Analysis): AnalysisState | undefined {
  const state = states.get(analysis);
  states.delete(analysis);
  return state;
}
