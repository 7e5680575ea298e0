// The `tcpflow` settings section, read through `workspace/configuration` (or
// pushed with `didChangeConfiguration` by clients that do not answer it), and
// checked: a setting the server does not understand falls back to its default.
import { isCode, type Code, type SeverityOrOff } from '../language/check/catalogue';
import type { SeverityOptions } from '../language/check/diagnostic';
import type { InlayHintDetail, InlayHintOptions } from '../language/services/inlayHints';

export interface Settings {
  readonly strict: boolean;
  readonly severity: Partial<Record<Code, SeverityOrOff>>;
  readonly inlayHints: Required<InlayHintOptions>;
}

export const DEFAULT_SETTINGS: Settings = {
  strict: false,
  severity: {},
  inlayHints: { detail: 'compact', states: true, numbers: true, flags: true, initialStates: true },
};

const LEVELS: ReadonlySet<string> = new Set(['error', 'warning', 'info', 'hint', 'off']);
const DETAILS: ReadonlySet<unknown> = new Set<InlayHintDetail>(['compact', 'full']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const bool = (v: unknown, fallback: boolean) => (typeof v === 'boolean' ? v : fallback);

/** The settings a client sent (the `tcpflow` section), with defaults for what is missing or malformed. */
export function parseSettings(raw: unknown): Settings {
  if (!isObject(raw)) return DEFAULT_SETTINGS;
  const severity: Partial<Record<Code, SeverityOrOff>> = {};
  const diagnostics = isObject(raw.diagnostics) ? raw.diagnostics : {};
  if (isObject(diagnostics.severity)) {
    for (const [code, level] of Object.entries(diagnostics.severity)) {
      const c = code.toUpperCase();
      if (isCode(c) && typeof level === 'string' && LEVELS.has(level)) severity[c] = level as SeverityOrOff;
    }
  }
  const hints = isObject(raw.inlayHints) ? raw.inlayHints : {};
  const d = DEFAULT_SETTINGS.inlayHints;
  return {
    strict: bool(raw.strict, DEFAULT_SETTINGS.strict),
    severity,
    inlayHints: {
      detail: DETAILS.has(hints.detail) ? (hints.detail as InlayHintDetail) : d.detail,
      states: bool(hints.states, d.states),
      numbers: bool(hints.numbers, d.numbers),
      flags: bool(hints.flags, d.flags),
      initialStates: bool(hints.initialStates, d.initialStates),
    },
  };
}

export function severityOptions(s: Settings): SeverityOptions {
  return { strict: s.strict, severity: s.severity };
}
