// `tcpflow export`: each flow's sequence diagram as Markdown or Mermaid text
// (pure), or as an SVG or PNG image drawn by a headless Chromium with the
// preview's own bundle, one browser for all the files.
import { existsSync, statSync } from 'node:fs';
import { mkdir, rmdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ExportTheme } from '../../../../client/webview/messages';
import { analyze } from '../../language/analysis';
import { nothingToDraw, toMermaid, writeMarkdown, type LineRange, type MermaidOptions } from '../../language/mermaid';
import { toStateDiagram } from '../../language/stateDiagram';
import { HELP_OPTION, parseCommandArgs } from '../args';
import { bytesOf, nodeWriteOps, NotAFileError, writeAtomic, type Content } from '../../files/atomicWrite';
import { InputError } from '../errors';
import { findBrowser, ImageExporter, NO_BROWSER } from '../headless';
import { describeFsError, expandPaths, readInput, type Input } from '../inputs';
import { whyNotReplaced } from '../replace';
import { complain, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, shown, type Command } from '../io';
import { LABELS_HELP, parseLabels } from '../labels';
import { MAX_SIZE_HELP, parseSize } from '../limits';
import { linesIn, LINES_HELP, parseLines, tooLargeWithPart } from '../lines';

export const EXPORT_HELP = `Usage: tcpflow export FILE|FOLDER... --format md|mmd|svg|png [options]

Writes each flow's sequence diagram (or, with --diagram states, its path
through the RFC 9293 state diagram):
  md    Markdown: the title, the diagram in a mermaid block, the timeline, the problems
  mmd   the diagram as Mermaid text
  svg   an SVG image          } drawn by a headless Chromium or Chrome
  png   a PNG image (2x size) } installed on this machine

Options:
  --format FORMAT       md, mmd, svg or png (required)
  --diagram sequence|states
                        the sequence diagram (default), or the state diagram with
                        each endpoint's path (mmd, svg or png)
  --theme light|dark    colours of svg and png (default: light)
  -o, --output OUT      the output file; with several inputs, a folder (created if
                        missing). Default: beside each input, FILE.FORMAT.
                        - writes md or mmd to standard output (one input)
  --force               replace files that exist (otherwise they are left as they
                        are): only regular files, never an input, keeping their
                        permissions
  --browser PATH        the browser for svg and png (else $TCPFLOW_BROWSER, else
                        chromium, chromium-browser or google-chrome)
  --inferred            show inferred seq/ack numbers and implied flags on the arrows
  --timestamps          prefix the arrows with their timestamps
${LINES_HELP}
${LABELS_HELP}
${MAX_SIZE_HELP}
  -h, --help            show this help

Files are written whole or not at all (a temporary file renamed into place);
an interrupted export leaves no temporary file. An input that cannot be read is
reported and the others are exported. On a terminal, a line per file written
shows the progress. A PNG taller than a canvas allows is refused with a part
(--lines) that fits.
Exit status: 0 every file written, 1 some file not written (it exists, or it
could not be drawn or written), 2 bad usage, an unreadable input, a range
outside an input or no browser.
`;

const FORMATS = ['md', 'mmd', 'svg', 'png'] as const;
type Format = (typeof FORMATS)[number];
const isFormat = (f: string | undefined): f is Format => (FORMATS as readonly string[]).includes(f ?? '');

const STDOUT = '-';

/** Where each input goes: a path, or standard output. */
function targets(inputs: readonly string[], format: Format, out: string | undefined, cwd: string): string[] {
  const ext = `.${format}`;
  const named = (p: string) => (p === STDOUT ? `stdin${ext}` : basename(p).replace(/(\.tcpflow)?$/, ext));
  if (out === STDOUT) {
    if (inputs.length > 1 || format === 'svg' || format === 'png') throw new InputError('-o - (standard output) takes one input and --format md or mmd');
    return [STDOUT];
  }
  if (out !== undefined) {
    const dir = resolve(cwd, out);
    const isDir = inputs.length > 1 || out.endsWith('/') || (existsSync(dir) && statSync(dir).isDirectory());
    if (!isDir) return [dir];
    const paths = inputs.map((p) => join(dir, named(p)));
    const twice = paths.find((p, i) => paths.indexOf(p) !== i);
    if (twice) throw new InputError(`two inputs would both be written to ${shown(twice)}: export them separately`);
    return paths;
  }
  return inputs.map((p) => {
    if (p !== STDOUT) return resolve(cwd, p).replace(/(\.tcpflow)?$/, ext);
    if (format === 'svg' || format === 'png') throw new InputError(`standard input has no file name: give -o FILE for --format ${format}`);
    return STDOUT;
  });
}

export const runExport: Command = async (args, io) => {
  const parsed = parseCommandArgs('export', EXPORT_HELP, io, () => parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      diagram: { type: 'string' },
      theme: { type: 'string' },
      output: { type: 'string', short: 'o' },
      force: { type: 'boolean' },
      browser: { type: 'string' },
      inferred: { type: 'boolean' },
      timestamps: { type: 'boolean' },
      labels: { type: 'string' },
      lines: { type: 'string' },
      'max-size': { type: 'string' },
      ...HELP_OPTION,
    },
  }));
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usage = (message: string) => {
    complain(io, 'export', message);
    return EXIT_USAGE;
  };
  const format = values.format;
  if (!isFormat(format)) return usage(format ? `--format must be md, mmd, svg or png, not '${shown(format)}'` : '--format md, mmd, svg or png is required');
  const diagram = values.diagram ?? 'sequence';
  if (diagram !== 'sequence' && diagram !== 'states') return usage(`--diagram must be sequence or states, not '${shown(diagram)}'`);
  if (diagram === 'states' && format === 'md') return usage('--diagram states is written as mmd, svg or png, not md');
  const theme = values.theme ?? 'light';
  if (theme !== 'light' && theme !== 'dark') return usage(`--theme must be light or dark, not '${shown(theme)}'`);
  if (diagram === 'states' && values.lines !== undefined) return usage('--lines draws a part of the sequence diagram, not of --diagram states');
  if (!positionals.length) return usage('no input: give files, folders, or - for standard input');

  let unreadable = false;
  const report = (_path: string, message: string) => {
    complain(io, 'export', message);
    unreadable = true;
  };
  // Every input is read first: none can be replaced by an output of this run.
  const inputs: Input[] = [];
  const outputs: string[] = [];
  const parts: (LineRange | undefined)[] = [];
  let options: MermaidOptions;
  try {
    options = { inferred: values.inferred, timestamps: values.timestamps, labels: parseLabels(values.labels) };
    const lines = parseLines(values.lines);
    const limit = parseSize(values['max-size']);
    const paths = await expandPaths(positionals, io, report);
    const targetOf = targets(paths, format, values.output, io.cwd);
    for (const [i, p] of paths.entries()) {
      try {
        const input = await readInput(p, io, limit);
        parts.push(lines && linesIn(lines, input.name, input.text));
        inputs.push(input);
        outputs.push(targetOf[i]);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        report(p, e.message);
      }
    }
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return usage(e.message);
  }
  if (!inputs.length) return EXIT_USAGE;
  const inputIds = new Set(inputs.map((i) => i.id));

  let exporter: ImageExporter | undefined;
  if (format === 'svg' || format === 'png') {
    const browser = findBrowser(values.browser, process.env);
    if (!browser) {
      const chosen = values.browser ?? process.env.TCPFLOW_BROWSER;
      return usage(chosen ? `${shown(chosen)}: not an executable browser` : NO_BROWSER);
    }
    const bundle = join(__dirname, 'webview.js');
    if (!existsSync(bundle)) return usage(`${shown(bundle)} is missing: run npm run build`);
    try {
      exporter = await ImageExporter.start(browser, bundle);
    } catch (e) {
      return usage(`${shown(browser)} did not start: ${shown(e instanceof Error ? e.message.split('\n')[0] : String(e))}`);
    }
  }

  // Markdown is written in pieces: a large flow is never held as one syntax tree, nor its Markdown as one string.
  const markdown = (input: Input, lines: LineRange | undefined, write: (chunk: string) => void) => writeMarkdown(input.text, { ...options, lines, fileName: input.name }, write);
  // A part that draws nothing is known once written: the write is abandoned.
  const render = async (input: Input, lines: LineRange | undefined): Promise<Content> => {
    if (format === 'md') {
      return (write) => {
        if (!markdown(input, lines, write) && lines) throw new InputError(nothingToDraw(lines));
      };
    }
    const a = analyze(input.text);
    if (diagram === 'states') return image(toStateDiagram(a).mermaid);
    const d = toMermaid(a, { ...options, lines });
    if (lines && !d.elements.length) throw new InputError(nothingToDraw(lines));
    try {
      return await image(d.mermaid);
    } catch (e) {
      throw tooLargeWithPart(e, d.elements) ?? e;
    }
  };
  const image = async (mermaid: string) => (format === 'svg' || format === 'png' ? exporter!.render(mermaid, format, theme as ExportTheme) : Buffer.from(mermaid));

  let failed = false;
  try {
    for (const [i, input] of inputs.entries()) {
      const target = outputs[i];
      const lines = parts[i];
      if (target === STDOUT && format === 'md' && !lines) {
        markdown(input, lines, io.stdout);
        continue;
      }
      if (target === STDOUT) {
        try {
          io.stdout(Buffer.from(await bytesOf(await render(input, lines))).toString('utf8'));
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          complain(io, 'export', `${shown(input.name)}: ${e.message}`);
          failed = true;
        }
        continue;
      }
      const refusal = await whyNotReplaced(target, inputIds, !!values.force, 'an input of this export: not replaced');
      if (refusal) {
        complain(io, 'export', `${shown(target)}: ${refusal}`);
        failed = true;
        continue;
      }
      let made: string | undefined;
      try {
        const content = await render(input, lines);
        made = await mkdir(dirname(target), { recursive: true });
        await writeAtomic(nodeWriteOps, target, content, !!values.force);
        if (io.stderrIsTTY) io.stderr(`[${i + 1}/${inputs.length}] ${shown(input.name)} -> ${shown(nearby(io.cwd, target))}\n`);
      } catch (e) {
        if (made) await removeEmptyFolders(dirname(target), made);
        complain(io, 'export', `${shown(target)}: ${e instanceof NotAFileError || e instanceof InputError ? e.message : describeFsError(e)}`);
        failed = true;
      }
    }
  } finally {
    await exporter?.close();
  }
  if (unreadable) return EXIT_USAGE;
  return failed ? EXIT_FINDINGS : EXIT_OK;
};

/** Removes the folders made for a file that was not written, from `folder` up to `made`, while they are empty. */
async function removeEmptyFolders(folder: string, made: string): Promise<void> {
  for (let f = folder; ; f = dirname(f)) {
    if (!(await rmdir(f).then(() => true, () => false)) || f === made) return;
  }
}

/** A path as short as it reads: relative to the working folder when inside it. */
function nearby(cwd: string, path: string): string {
  const r = relative(cwd, path);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : path;
}
