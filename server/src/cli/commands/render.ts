// `tcpflow render`: checks the ```tcpflow blocks of Markdown documents and
// writes each one's sequence diagram after it as a ```mermaid block (replacing
// the one a previous run wrote). A document with an illegal flow is not
// written; `--check` only tells whether the documents are clean and up to date.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { SeverityOptions } from '../../language/check/diagnostic';
import { renderDocument } from '../../language/markdown/render';
import type { LabelNotation } from '../../language/mermaid';
import { LineIndex } from '../../language/text';
import { HELP_OPTION, parseCommandArgs } from '../args';
import { nodeWriteOps, NotAFileError, writeAtomic } from '../../files/atomicWrite';
import { InputError } from '../errors';
import { describeFsError, readInput, STDIN, STDIN_NAME, type Input } from '../inputs';
import { whyNotReplaced } from '../replace';
import { complain, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, shown, type Command } from '../io';
import { LABELS_HELP, parseLabels } from '../labels';
import { MAX_SIZE_HELP, parseSize } from '../limits';
import { diagnosticText, severityOptions } from './check';

export const RENDER_HELP = `Usage: tcpflow render DOC.md... [options]

Checks every \`\`\`tcpflow block of each Markdown document and writes the flow's
sequence diagram after it, as a \`\`\`mermaid block that GitHub and GitLab draw.
The tcpflow block stays as it is; a diagram written by an earlier run is
replaced, so rendering twice gives the same document. Problems are printed as
  DOC.md:LINE:COL: error TF301: message
at their line in the document. A document with an error is not written.

Options:
  -o, --output OUT      write to OUT instead of rewriting the document (one input);
                        - writes to standard output
  --force               with -o: replace OUT if it exists (only a regular file)
  --check               write nothing: exit 1 if a block has an error or a
                        diagram is missing or out of date (for CI)
  --strict              raise the pedantic diagnostics
  --severity CODE=LEVEL set a code's severity (repeatable), as for tcpflow check
  --inferred            show inferred seq/ack numbers and implied flags on the arrows
  --timestamps          prefix the arrows with their timestamps
${LABELS_HELP}
${MAX_SIZE_HELP}
  -h, --help            show this help

- reads a document from standard input and writes it to standard output.
Exit status: 0 done (or, with --check, all clean and up to date), 1 an error
in a block, a diagram out of date (--check) or a file not written, 2 bad usage
or an unreadable input.
`;

const STDOUT = '-';

export const runRender: Command = async (args, io) => {
  const parsed = parseCommandArgs('render', RENDER_HELP, io, () => parseArgs({
    args,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      force: { type: 'boolean' },
      check: { type: 'boolean' },
      strict: { type: 'boolean' },
      severity: { type: 'string', multiple: true },
      inferred: { type: 'boolean' },
      timestamps: { type: 'boolean' },
      labels: { type: 'string' },
      'max-size': { type: 'string' },
      ...HELP_OPTION,
    },
  }));
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usage = (message: string) => {
    complain(io, 'render', message);
    return EXIT_USAGE;
  };
  if (!positionals.length) return usage('no input: give Markdown documents, or - for standard input');
  if (values.output !== undefined && positionals.length > 1) return usage('-o takes one input: render the documents separately');
  if (values.output !== undefined && values.check) return usage('--check writes nothing: it takes no -o');
  if (positionals.filter((p) => p === STDIN).length > 1) return usage('- (standard input) is given more than once; it can be read only once');

  let severity: SeverityOptions;
  let labels: LabelNotation;
  let limit: number;
  try {
    severity = severityOptions(values.strict ?? false, values.severity ?? []);
    labels = parseLabels(values.labels);
    limit = parseSize(values['max-size']);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return usage(e.message);
  }

  let unreadable = false;
  let failed = false;
  // Every input is read first: none can be replaced by another one's output.
  const inputs: Input[] = [];
  for (const p of positionals) {
    try {
      inputs.push(await readInput(p, io, limit));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      complain(io, 'render', e.message);
      unreadable = true;
    }
  }

  for (const input of inputs) {
    const name = shown(input.name);
    const doc = renderDocument(input.text, { severity, inferred: values.inferred, timestamps: values.timestamps, labels });
    const lines = new LineIndex(input.text);
    let errors = 0;
    let report = '';
    for (const c of doc.checks) {
      if (!c.fence.closed) {
        report += `${name}:${c.fence.openLine + 1}:${c.fence.indent + 1}: error: this tcpflow block has no closing ${c.fence.marker}\n`;
        errors++;
      }
      for (const d of c.diagnostics) {
        if (d.severity === 'error') errors++;
        if (d.severity === 'error' || d.severity === 'warning') report += diagnosticText(input.name, d, lines);
      }
    }
    io.stdout(report);
    const blocks = `${doc.checks.length} tcpflow block${doc.checks.length === 1 ? '' : 's'}`;
    if (errors) {
      complain(io, 'render', `${name}: ${blocks}, ${errors} error${errors === 1 ? '' : 's'}${values.check ? '' : ': not written'}`);
      failed = true;
      continue;
    }
    const changed = doc.text !== input.text;
    if (values.check) {
      if (changed) {
        complain(io, 'render', `${name}: a diagram is missing or out of date (run tcpflow render ${name})`);
        failed = true;
      } else complain(io, 'render', `${name}: ${blocks}, clean and up to date`);
      continue;
    }
    const target = values.output ?? (input.name === STDIN_NAME ? STDOUT : input.name);
    if (target === STDOUT) {
      io.stdout(doc.text);
      continue;
    }
    const path = resolve(io.cwd, target);
    const inPlace = values.output === undefined;
    if (inPlace && !changed) {
      complain(io, 'render', `${name}: ${blocks}, up to date`);
      continue;
    }
    if (!inPlace) {
      const refusal = await whyNotReplaced(path, new Set([input.id]), !!values.force, 'the input: leave out -o to rewrite a document in place');
      if (refusal) {
        complain(io, 'render', `${shown(target)}: ${refusal}`);
        failed = true;
        continue;
      }
    }
    try {
      await writeAtomic(nodeWriteOps, path, Buffer.from(doc.text), inPlace || !!values.force);
      io.stderr(`${name} -> ${shown(target)} (${blocks})\n`);
    } catch (e) {
      complain(io, 'render', `${shown(target)}: ${e instanceof NotAFileError ? e.message : describeFsError(e)}`);
      failed = true;
    }
  }
  if (unreadable) return EXIT_USAGE;
  return failed ? EXIT_FINDINGS : EXIT_OK;
};
