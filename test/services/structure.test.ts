// The outline (document symbols), folding and selection ranges, all built on the phases.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/language/analysis';
import { documentSymbols, type OutlineItem } from '../../server/src/language/services/documentSymbols';
import { foldingRanges } from '../../server/src/language/services/folding';
import { phasesOf } from '../../server/src/language/services/phases';
import { selectionRange } from '../../server/src/language/services/selectionRanges';
import { examples, offsetOf } from './util';

const example = (name: string) => examples().find((e) => e.name === name)!.text;
const phaseNames = (items: OutlineItem[]) => items.filter((i) => i.kind === 'phase').map((i) => i.name);
const flatten = (items: readonly OutlineItem[]): OutlineItem[] => items.flatMap((i) => [i, ...flatten(i.children ?? [])]);

describe('outline', () => {
  it('groups a flow by phase', () => {
    assert.deepEqual(phaseNames(documentSymbols(analyze(example('http-request.tcpflow')))), ['Handshake', 'Data transfer', 'Teardown']);
    assert.deepEqual(phaseNames(documentSymbols(analyze(example('abort.tcpflow')))), ['Handshake', 'Data transfer', 'Reset']);
    assert.deepEqual(phaseNames(documentSymbols(analyze(example('article-handshake-teardown.tcpflow')))), ['Handshake', 'Teardown']);
    assert.deepEqual(phaseNames(documentSymbols(analyze(example('old-duplicate-syn.tcpflow')))), ['Handshake', 'Reset', 'Handshake', 'Data transfer']);
  });

  it('lists every statement once, inside its phase or block, and nests ranges', () => {
    for (const { name, text } of examples()) {
      const a = analyze(text);
      const items = documentSymbols(a);
      const statements = flatten(items).filter((i) => i.kind === 'segment' || i.kind === 'event' || i.kind === 'assertion');
      assert.equal(statements.length, a.result.steps.length, name);
      const check = (item: OutlineItem, parent?: OutlineItem) => {
        assert.ok(item.name.length > 0, `${name}: a name`);
        assert.ok(item.start <= item.selection.start && item.selection.end <= item.end, `${name}: ${item.name} selection inside`);
        if (parent) assert.ok(parent.start <= item.start && item.end <= parent.end, `${name}: ${item.name} inside ${parent.name}`);
        item.children?.forEach((c) => check(c, item));
      };
      items.forEach((i) => check(i));
    }
  });

  it('shows a segment as resolved, with what the receiver did', () => {
    const a = analyze(example('article-handshake-teardown.tcpflow'));
    const synAck = flatten(documentSymbols(a)).find((i) => i.name.startsWith('Server -> Client: SYN'))!;
    assert.equal(synAck.detail, `SYN+ACK seq=ISN_Server ack=ISN_Client+1 · ${a.result.steps[1].outcome}`);
  });

  it('puts a simultaneous block in its phase with its segments', () => {
    const items = documentSymbols(analyze(example('simultaneous-open.tcpflow')));
    const blocks = flatten(items).filter((i) => i.kind === 'block');
    assert.equal(blocks.length, 2);
    assert.ok(blocks.every((b) => b.children?.length === 2));
  });
});

describe('folding', () => {
  it('folds blocks (keeping the closing brace), phases and comment runs', () => {
    const text = example('simultaneous-close.tcpflow');
    const folds = foldingRanges(analyze(text));
    const lines = text.split('\n');
    const blockStart = lines.indexOf('simultaneous {');
    assert.ok(folds.some((f) => f.kind === 'region' && f.startLine === blockStart && lines[f.endLine + 1] === '}'));
    assert.ok(folds.some((f) => f.kind === 'comment' && f.startLine === 0 && f.endLine === 1));
    const { phases } = phasesOf(analyze(text));
    assert.equal(folds.filter((f) => f.kind === 'region').length, 2 + phases.length);
    assert.ok(folds.every((f) => f.endLine > f.startLine));
  });

  it('folds any number of comment runs', () => {
    const runs = 130_000;
    const folds = foldingRanges(analyze('# a\n# b\n\n'.repeat(runs)));
    assert.equal(folds.length, runs);
    assert.deepEqual(folds[runs - 1], { startLine: 3 * (runs - 1), endLine: 3 * (runs - 1) + 1, kind: 'comment' });
  });
});

describe('selection ranges', () => {
  it('grows token → expression → item → spec → statement → block → phase → file', () => {
    const text = example('article-handshake-teardown.tcpflow');
    const a = analyze(text);
    const chain = selectionRange(a, offsetOf(text, 'ISN_Client + 1', 2));
    const texts = chain.map((s) => text.slice(s.start, s.end));
    assert.deepEqual(texts.slice(0, 5), ['ISN_Client', 'ISN_Client + 1', 'ACK(ISN_Client + 1)', 'SYN(ISN_Server), ACK(ISN_Client + 1)', 'Server -> Client: SYN(ISN_Server), ACK(ISN_Client + 1)']);
    assert.equal(texts.at(-1), text);
    for (let i = 1; i < chain.length; i++) assert.ok(chain[i].start <= chain[i - 1].start && chain[i - 1].end <= chain[i].end && texts[i] !== texts[i - 1]);
    const block = example('simultaneous-close.tcpflow');
    const inBlock = selectionRange(analyze(block), offsetOf(block, 'FIN+ACK seq=101')).map((s) => block.slice(s.start, s.end));
    assert.ok(inBlock.some((t) => t.startsWith('simultaneous {') && t.endsWith('}')));
  });
});
