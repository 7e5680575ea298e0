// `--lines A-B`: the part of a flow that export draws, and the part to suggest
// when a diagram is too large for one image.
import type { DiagramElement, LineRange } from '../language/mermaid';
import { InputError } from './errors';
import { shown } from './io';

export const LINES_HELP = `  --lines A-B           draw a part of the flow: the statements that start on
                        lines A to B (1-based, inclusive; also A-, --lines=-B
                        or one line N), with the states and numbers the whole
                        flow reaches there (sequence diagram only)`;

/** What `--lines` asks for; `to` absent: to the end of the file. */
export interface LinesArg {
  readonly from: number;
  readonly to?: number;
  /** As written, for messages. */
  readonly text: string;
}

/** The `--lines` value (absent: the whole flow); a malformed or reversed range is an InputError. */
export function parseLines(text: string | undefined): LinesArg | undefined {
  if (text === undefined) return undefined;
  const m = /^(?:(\d+)|(\d*)-(\d*))$/.exec(text);
  const bad = () => new InputError(`--lines must be A-B with 1 ≤ A ≤ B, not '${shown(text)}'`);
  if (!m || m[2] === '' && m[3] === '') throw bad();
  const from = Number(m[1] ?? (m[2] || 1));
  const to = m[1] ? from : m[3] ? Number(m[3]) : undefined;
  if (!Number.isSafeInteger(from) || from < 1 || (to !== undefined && (!Number.isSafeInteger(to) || to < from))) throw bad();
  return { from, to, text };
}

/** How many lines a text has: a final line break ends the last line, it does not start one. */
function lineCount(text: string): number {
  let n = text.length ? 1 : 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
    if ((c === 10 || c === 13) && i + 1 < text.length) n++;
  }
  return n;
}

/** The range in the text of the input `name`; one that reaches past its end is an InputError. */
export function linesIn(arg: LinesArg, name: string, text: string): LineRange {
  const count = lineCount(text);
  const to = arg.to ?? count;
  if (arg.from > count || to > count) throw new InputError(`${shown(name)}: --lines ${shown(arg.text)} is outside its ${count} line${count === 1 ? '' : 's'}`);
  return { from: arg.from, to };
}

/**
 * The first part of a diagram `height` px tall that would be at most `limit`
 * px tall: as many of its elements (arrows and notes, a row each) as that
 * share of its height holds, less a tenth for the participants' boxes.
 */
function firstPartThatFits(elements: readonly DiagramElement[], height: number, limit: number): LineRange | undefined {
  if (!elements.length || height <= limit) return undefined;
  const count = Math.max(1, Math.floor((elements.length * limit * 0.9) / height));
  return { from: elements[0].line + 1, to: elements[count - 1].line + 1 };
}

/** The browser's refusal of a PNG too large for its canvas (client/webview/standalone.ts): the diagram's size, then the largest side. */
const TOO_LARGE = /is (\d+)×(\d+) px, too large .*at most (\d+) px/;

/** The refusal of a PNG too large, naming a first part of the flow that fits; undefined for another error. */
export function tooLargeWithPart(e: unknown, elements: readonly DiagramElement[]): InputError | undefined {
  const m = TOO_LARGE.exec(e instanceof Error ? e.message : '');
  if (!m) return undefined;
  const [width, height, limit] = m.slice(1).map(Number);
  const part = firstPartThatFits(elements, height, limit);
  const hint = part ? `that fits, such as --lines ${part.from}-${part.to}` : 'with --lines A-B';
  return new InputError(`the diagram is ${width}×${height} px, too large for a PNG (at most ${limit} px a side): export it as SVG, or a part of the flow ${hint}`);
}
