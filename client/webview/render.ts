// The one place that calls Mermaid. Renders are serialized here (Mermaid keeps
// global configuration and a temporary element per render), and the
// configuration is (re)applied inside the same queue, so a preview render and
// an export in another theme never see each other's settings.
import mermaid, { type MermaidConfig } from 'mermaid';
import { LAYOUT } from '../../server/src/language/labels';
import type { MermaidTheme } from './theme';

/**
 * Settings for every render. A tcpflow diagram has at most two participants.
 * The core breaks every label to fit the geometry it shares with this
 * configuration (server/src/language/labels.ts), so Mermaid draws without
 * wrapping (its wrapping measures each label word by word in the page: most
 * of a large render's time), and the lifelines are the same distance apart in
 * every chunk, so that stacked chunks line up.
 */
export const ACTOR_MARGIN = LAYOUT.actorMargin;

function baseConfig(): MermaidConfig {
  return {
    startOnLoad: false,
    securityLevel: 'strict',
    suppressErrorRendering: true,
    // Chunks keep each diagram small; an export of a whole large flow is one
    // diagram, which must not hit the default limit of 50 000 characters.
    maxTextSize: 50_000_000,
    sequence: {
      wrap: false,
      width: LAYOUT.actorWidth,
      actorMargin: LAYOUT.actorMargin,
      wrapPadding: LAYOUT.padding,
      noteMargin: LAYOUT.padding,
      messageFontSize: LAYOUT.fontPx,
      noteFontSize: LAYOUT.fontPx,
      useMaxWidth: false,
    },
  };
}

export type RenderSettings = MermaidTheme & { readonly mirrorActors: boolean };

let queue: Promise<unknown> = Promise.resolve();
let applied = '';
let counter = 0;

function configure(settings: RenderSettings): void {
  const key = JSON.stringify(settings);
  if (key === applied) return;
  const { mirrorActors, ...theme } = settings;
  const base = baseConfig();
  mermaid.initialize({ ...base, ...theme, sequence: { ...base.sequence, mirrorActors } });
  applied = key;
}

function serialized<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job, job);
  queue = run.catch(() => undefined);
  return run;
}

/** Mermaid text → SVG markup, or an Error with Mermaid's message. */
export function renderSvg(text: string, settings: RenderSettings): Promise<string> {
  return serialized(async () => {
    configure(settings);
    const { svg } = await mermaid.render(`tcpflow-svg-${++counter}`, text);
    return svg;
  });
}

/** Checks Mermaid text without drawing it: the error message, or undefined. */
export function parseError(text: string, settings: RenderSettings): Promise<string | undefined> {
  return serialized(async () => {
    configure(settings);
    try {
      await mermaid.parse(text);
      return undefined;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  });
}
