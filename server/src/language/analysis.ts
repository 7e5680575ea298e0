// The entry point of the core: text in, parse + check + diagnostics out. Hosts
// (the language server, the CLI) keep one Analysis per document version and
// serve every feature from it.
import { applySeverity, type Diagnostic, type Finding, type SeverityOptions } from './check/diagnostic';
import { check } from './check/checker';
import type { CheckResult } from './check/result';
import type { FlowFile } from './syntax/ast';
import { bidiFindings, bidiShownIn } from './syntax/bidi';
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

export function analyze(text: string): Analysis {
  const parsed = parse(text);
  const result = check(parsed.file);
  const findings = [...parsed.findings, ...bidiFindings(text), ...result.findings].map(bidiShownIn).sort((a, b) => a.start - b.start || a.end - b.end);
  let lines: LineIndex | undefined;
  return {
    text,
    file: parsed.file,
    result,
    findings,
    get lines() {
      return (lines ??= new LineIndex(text));
    },
    diagnostics: (options = {}) => applySeverity(findings, options),
  };
}
