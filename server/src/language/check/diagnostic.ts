// The shape of a finding, and the sink that applies severity settings.
import type { Span } from '../text';
import { CATALOGUE, type Code, type CodeInfo, type Severity, type SeverityOrOff } from './catalogue';

export interface TextEdit extends Span {
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix a user most likely wants (an editor may apply it with one key). */
  readonly preferred?: boolean;
}

export interface Related extends Span {
  readonly message: string;
}

export interface Diagnostic extends Span {
  readonly code: Code;
  readonly severity: Severity;
  readonly message: string;
  readonly related?: readonly Related[];
  readonly fixes?: readonly Fix[];
  /** `unnecessary` renders faded in editors (e.g. an implied flag). */
  readonly tags?: readonly 'unnecessary'[];
}

export interface SeverityOptions {
  /** Raise the pedantic codes to their strict severity. */
  readonly strict?: boolean;
  /** Per-code overrides; win over `strict`. */
  readonly severity?: Partial<Record<Code, SeverityOrOff>>;
}

/** A finding before the severity settings are applied (parse and check results do not depend on them). */
export type Finding = Omit<Diagnostic, 'severity'>;

export function severityOf(code: Code, options: SeverityOptions): SeverityOrOff {
  const override = options.severity?.[code];
  if (override) return override;
  const info: CodeInfo = CATALOGUE[code];
  return options.strict && info.strict ? info.strict : info.severity;
}

/** Applies the severity settings: drops what is off, sets the rest. */
export function applySeverity(findings: readonly Finding[], options: SeverityOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const severity = severityOf(f.code, options);
    if (severity === 'off') continue;
    // Key by key, as `{ ...f, severity }` would make it, without a spread per finding.
    const d: { -readonly [K in keyof Diagnostic]?: Diagnostic[K] } = { code: f.code, start: f.start, end: f.end, message: f.message };
    if ('related' in f) d.related = f.related;
    if ('tags' in f) d.tags = f.tags;
    if ('fixes' in f) d.fixes = f.fixes;
    d.severity = severity;
    out.push(d as Diagnostic);
  }
  return out;
}

/** The finding with every offset (its range, related locations, fix edits) passed through `move`. */
export function moveFinding(f: Finding, move: (offset: number) => number): Finding {
  return {
    ...f,
    start: move(f.start),
    end: move(f.end),
    ...(f.related && { related: f.related.map((r) => ({ ...r, start: move(r.start), end: move(r.end) })) }),
    ...(f.fixes && { fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, start: move(e.start), end: move(e.end) })) })) }),
  };
}
