import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/language/analysis';
import { usesOf } from '../../server/src/language/check/names';
import { highlights, occurrencesAt, prepareRename, rename } from '../../server/src/language/services/names';
import { applyEdits, behaviour, examples, offsetOf } from './util';

const ARTICLE = 'Client -> Server: SYN(ISN_Client)\nServer -> Client: SYN(ISN_Server), ACK(ISN_Client + 1)\nClient -> Server: ACK(ISN_Server + 1)\nClient -> Server: ACK(ISN_Server + 1) SYNN # broken\nClient: ESTABLISHED\nnote Client, Server "done"\n';
const DECLARED = 'endpoint Client\nendpoint Server LISTEN\nClient -> Server : SYN seq=1\nClient -> Sever : ACK\nServer: SYN_RCVD\n';

describe('endpoint names', () => {
  it('finds every use; the declaration, else the first use, is the definition', () => {
    const a = analyze(DECLARED);
    const o = occurrencesAt(a, offsetOf(DECLARED, 'Server', 0, 1))!;
    assert.equal(o.kind, 'endpoint');
    assert.equal(DECLARED.slice(o.definition.start, o.definition.end), 'Server');
    assert.equal(o.definition.start, offsetOf(DECLARED, 'Server'));
    // The declaration, the segment and the assertion: not the misspelt `Sever`.
    assert.equal(o.spans.length, 3);
    const b = analyze(ARTICLE);
    const c = occurrencesAt(b, offsetOf(ARTICLE, 'Client', 0, 2))!;
    assert.equal(c.definition.start, 0);
    assert.equal(c.spans.length, usesOf(b.file, b.result.endpoints[0]));
  });

  it('highlights the definition as written, the rest as read', () => {
    const hs = highlights(analyze(DECLARED), offsetOf(DECLARED, 'Client', 0, 2));
    assert.equal(hs.filter((h) => h.definition).length, 1);
    assert.equal(hs.length, 3);
  });
});

describe('symbols', () => {
  it('finds every use, also on a line the checker skipped', () => {
    const a = analyze(ARTICLE);
    const o = occurrencesAt(a, offsetOf(ARTICLE, 'ISN_Server', 3, 2))!;
    assert.equal(o.kind, 'symbol');
    assert.equal(o.spans.length, 3);
    assert.equal(o.definition.start, offsetOf(ARTICLE, 'ISN_Server'));
  });
});

describe('rename', () => {
  it('renames an endpoint and a symbol everywhere, keeping what the flow does', () => {
    for (const [needle, at, to] of [['Client', offsetOf(ARTICLE, '-> Client', 3), 'Host'], ['ISN_Client', offsetOf(ARTICLE, 'ISN_Client', 1, 1), 'X']] as const) {
      const a = analyze(ARTICLE);
      const r = rename(a, at, to);
      assert.ok('edits' in r);
      const renamed = applyEdits(ARTICLE, r.edits);
      assert.ok(!new RegExp(`\\b${needle}\\b`).test(renamed), renamed);
      assert.equal(behaviour(analyze(renamed)), behaviour(a));
    }
  });

  it('keeps every example the same flow when its first endpoint is renamed', () => {
    for (const { name, text } of examples()) {
      const a = analyze(text);
      const e = a.result.endpoints[0];
      if (!e) continue;
      const r = rename(a, e.first.start, 'Renamed_1');
      assert.ok('edits' in r, name);
      assert.equal(behaviour(analyze(applyEdits(text, r.edits))).replace(/Renamed_1/g, e.name), behaviour(a), name);
    }
  });

  it('refuses names that are not identifiers, keywords, flags, states or already used', () => {
    const a = analyze(ARTICLE);
    const at = offsetOf(ARTICLE, 'Client');
    for (const [name, why] of [['9lives', /not a name/], ['syn', /keyword, a flag/], ['note', /keyword/], ['Listen', /keyword|state/], ['FIN_WAIT1', /state name/], ['Server', /already used/], ['ISN_Server', /already used/]] as const) {
      const r = rename(a, at, name);
      assert.ok('error' in r && why.test(r.error), `${name}: ${JSON.stringify(r)}`);
    }
  });

  it('prepares a rename on names only', () => {
    const a = analyze(ARTICLE);
    const ok = prepareRename(a, offsetOf(ARTICLE, 'ISN_Client', 4));
    assert.ok('span' in ok && ok.name === 'ISN_Client');
    assert.ok('error' in prepareRename(a, offsetOf(ARTICLE, 'SYN(')));
  });
});
