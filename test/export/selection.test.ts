// "tcpflow: Export Diagram…" with lines selected in the flow's editor: the part
// it asks the server for, and the file name and dialog title that say so.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportPath, exportTitle, selectedLines } from '../../client/src/preview/part';

const selection = (startLine: number, startChar: number, endLine: number, endChar: number) => ({
  start: { line: startLine, character: startChar },
  end: { line: endLine, character: endChar },
  isEmpty: startLine === endLine && startChar === endChar,
});

describe('the part of an export from the selection', () => {
  it('is the lines the selection covers, 1-based; whole lines selected end before the next line', () => {
    assert.equal(selectedLines(selection(4, 3, 4, 3)), undefined);
    assert.deepEqual(selectedLines(selection(39, 0, 120, 0)), { from: 40, to: 120 });
    assert.deepEqual(selectedLines(selection(39, 5, 119, 2)), { from: 40, to: 120 });
    assert.deepEqual(selectedLines(selection(6, 0, 6, 9)), { from: 7, to: 7 });
  });

  it('names the file and the dialogs after the part', () => {
    assert.equal(exportPath('/w/flow.tcpflow', 'svg', { from: 40, to: 120 }), '/w/flow.lines-40-120.svg');
    assert.equal(exportPath('/w/flow.tcpflow', 'md', undefined), '/w/flow.md');
    assert.equal(exportPath('/w/notes', 'png', { from: 3, to: 3 }), '/w/notes.lines-3-3.png');
    assert.equal(exportTitle({ from: 40, to: 120 }), 'Export Diagram (lines 40–120)');
    assert.equal(exportTitle(undefined), 'Export Diagram');
  });
});
