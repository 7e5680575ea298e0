// `tcpflow export`: each flow's sequence diagram as Markdown or Mermaid text
// (pure), or as an SVG or PNG image drawn by a headless Chromium with the
// preview's own bundle, one browser for all the files.
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ExportTheme } from '../../../../client/webview/messages';
import { analyze } from '../../language/analysis';
import { toMarkdown, toMermaid, type MermaidOptions } from '../../language/mermaid';
import { HELP_OPTION, parseCommandArgs } from '../args';
import { nodeWriteOps, writeAtomic } from '../atomicWrite';
import { findBrowser, ImageExporter, NO_BROWSER } from '../headless';
import { describeFsError, expandPaths, InputError, readInput, type Input } from '../inputs';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../io';

export const EXPORT_HELP = `Usage: tcpflow export FILE|FOLDER... --format md|mmd|svg|png [options]

Writes each flow's sequence diagram:
  md    Markdown: the title, the diagram in a mermaid block, the timeline, the problems
  mmd   the diagram as Mermaid text
  svg   an SVG image          } drawn by a headless Chromium or Chrome
  png   a PNG image (2x size) } installed on this machine

Options:
  --format FORMAT       md, mmd, svg or png (required)
  --theme light|dark    colours of svg and png (default: light)
  -o, --output OUT      the output file; with several inputs, a folder (created if
                        missing). Default: beside each input, FILE.FORMAT.
                        - writes md or mmd to standard output (one input)
  --force               replace files that exist (otherwise they are left as they are)
  --browser PATH        the browser for svg and png (else $TCPFLOW_BROWSER, else
                        chromium, chromium-browser or google-chrome)
  --inferred            show inferred seq/ack numbers and implied flags on the arrows
  --timestamps          prefix the arrows with their timestamps
  -h, --help            show this help

Files are written whole or not at all (a temporary file renamed into place).
Exit status: 0 every file written, 1 some file not written (it exists, or it
could not be drawn or written), 2 bad usage, unreadable input or no browser.
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
    if (twice) throw new InputError(`two inputs would both be written to ${twice}: export them separately`);
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
      theme: { type: 'string' },
      output: { type: 'string', short: 'o' },
      force: { type: 'boolean' },
      browser: { type: 'string' },
      inferred: { type: 'boolean' },
      timestamps: { type: 'boolean' },
      ...HELP_OPTION,
    },
  }));
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usage = (message: string) => {
    io.stderr(`tcpflow export: ${message}\n`);
    return EXIT_USAGE;
  };
  const format = values.format;
  if (!isFormat(format)) return usage(`--format must be md, mmd, svg or png${format ? `, not '${format}'` : ''}\n\n${EXPORT_HELP}`);
  const theme = values.theme ?? 'light';
  if (theme !== 'light' && theme !== 'dark') return usage(`--theme must be light or dark, not '${theme}'`);
  if (!positionals.length) return usage(`no input: give files, folders, or - for standard input\n\n${EXPORT_HELP}`);

  let inputs: Input[];
  let outputs: string[];
  try {
    const paths = await expandPaths(positionals, io);
    outputs = targets(paths, format, values.output, io.cwd);
    inputs = [];
    for (const p of paths) inputs.push(await readInput(p, io));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return usage(e.message);
  }

  let exporter: ImageExporter | undefined;
  if (format === 'svg' || format === 'png') {
    const browser = findBrowser(values.browser, process.env);
    if (!browser) {
      const chosen = values.browser ?? process.env.TCPFLOW_BROWSER;
      return usage(chosen ? `${chosen}: not an executable browser` : NO_BROWSER);
    }
    const bundle = join(__dirname, 'webview.js');
    if (!existsSync(bundle)) return usage(`${bundle} is missing: run npm run build`);
    try {
      exporter = await ImageExporter.start(browser, bundle);
    } catch (e) {
      return usage(`${browser} did not start: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
  }

  const options: MermaidOptions = { inferred: values.inferred, timestamps: values.timestamps };
  const render = async (input: Input): Promise<Uint8Array> => {
    const a = analyze(input.text);
    if (format === 'md') return Buffer.from(toMarkdown(a, { ...options, fileName: input.name }));
    const mermaid = toMermaid(a, options).mermaid;
    return format === 'mmd' ? Buffer.from(mermaid) : exporter!.render(mermaid, format, theme as ExportTheme);
  };

  let failed = false;
  try {
    for (const [i, input] of inputs.entries()) {
      const target = outputs[i];
      if (target === STDOUT) {
        io.stdout(Buffer.from(await render(input)).toString('utf8'));
        continue;
      }
      if (!values.force && existsSync(target)) {
        io.stderr(`tcpflow export: ${target} exists; not replaced (use --force to replace it)\n`);
        failed = true;
        continue;
      }
      try {
        const data = await render(input);
        await mkdir(resolve(target, '..'), { recursive: true });
        await writeAtomic(nodeWriteOps, target, data, !!values.force);
        io.stderr(`${input.name} -> ${target}\n`);
      } catch (e) {
        io.stderr(`tcpflow export: ${target}: ${describeFsError(e)}\n`);
        failed = true;
      }
    }
  } finally {
    await exporter?.close();
  }
  return failed ? EXIT_FINDINGS : EXIT_OK;
};
