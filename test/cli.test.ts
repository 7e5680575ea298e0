// The `tcpflow` command as users run it: a child process of the built bin.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXAMPLES, flowFiles, prerequisite, ROOT } from './helpers';

const BIN = join(ROOT, 'bin', 'tcpflow.js');

function tcpflow(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'tcpflow-cli-'));
const file = (name: string, content: string | Buffer) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};

describe('tcpflow check', () => {
  it('exits 0 and prints no diagnostic for a clean file', () => {
    const r = tcpflow(['check', 'examples/article-handshake-teardown.tcpflow']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /1 file checked, all clean/);
  });

  it('prints gcc-style lines and exits 1 when there are errors', () => {
    const r = tcpflow(['check', 'examples/errors/two-way-handshake.tcpflow']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^examples\/errors\/two-way-handshake\.tcpflow:7:28: error TF301: Server is SYN_RCVD and cannot send data/m);
    assert.match(r.stdout, /^examples\/errors\/two-way-handshake\.tcpflow:5:1: note: Server entered SYN_RCVD here$/m);
  });

  it('checks every .tcpflow file in a folder', () => {
    const r = tcpflow(['check', 'examples']);
    assert.equal(r.code, 1, 'examples/errors has errors');
    assert.match(r.stderr, new RegExp(`^tcpflow check: ${flowFiles(EXAMPLES).length} files checked: \\d+ errors`));
  });

  it('prints information with --verbose as notes', () => {
    const r = tcpflow(['check', '--verbose', 'examples/connection-refused.tcpflow']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /:6:8: note TF309: Server \(CLOSED\) has no connection/);
  });

  it('--strict raises pedantic codes; --severity overrides one', () => {
    const f = file('implied.tcpflow', 'A -> B : SYN seq=1\nB -> A : SYN+ACK seq=5 ack=2\nA -> B : "data"\n');
    assert.equal(tcpflow(['check', f]).code, 0);
    const strict = tcpflow(['check', '--strict', f]);
    assert.match(strict.stdout, /warning TF308: ACK is implied/);
    assert.equal(strict.code, 0, 'warnings alone do not fail');
    assert.equal(tcpflow(['check', '--strict', '--severity', 'TF308=error', f]).code, 1);
    assert.equal(tcpflow(['check', '--severity', 'TF308=bogus', f]).code, 2);
  });

  it('emits JSON with 1-based ranges, related locations and fixes', () => {
    const r = tcpflow(['check', '--format', 'json', 'examples/errors/wrong-handshake-numbers.tcpflow']);
    assert.equal(r.code, 1);
    const [entry] = JSON.parse(r.stdout);
    const tf403 = entry.diagnostics.find((d: { code: string }) => d.code === 'TF403');
    assert.deepEqual(tf403.range.start, { line: 4, column: 40 });
    assert.equal(tf403.fixes[0].edits[0].newText, 'ISN_Client + 1');
    assert.equal(tf403.related[0].range.start.line, 3);
  });

  it('reads standard input for -', () => {
    const r = tcpflow(['check', '-'], 'A -> B : SYN seq=1\nA -> B : FIN\n');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^<stdin>:2:10: error TF301/m);
  });

  it('refuses a missing file, a binary file and invalid UTF-8 with exit 2', () => {
    assert.match(tcpflow(['check', join(tmp, 'nope.tcpflow')]).stderr, /no such file or folder/);
    assert.equal(tcpflow(['check', join(tmp, 'nope.tcpflow')]).code, 2);
    const bin = tcpflow(['check', file('bin.tcpflow', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]))]);
    assert.equal(bin.code, 2);
    assert.match(bin.stderr, /not a text file/);
    const latin1 = tcpflow(['check', file('latin1.tcpflow', Buffer.from('title "caf\xe9"\n', 'latin1'))]);
    assert.equal(latin1.code, 2);
    assert.match(latin1.stderr, /not valid UTF-8/);
  });

  it('refuses an unreadable file with exit 2 and one line', (t) => {
    // Root reads any file: as root the command runs as nobody (CI runs as root).
    const root = process.getuid?.() === 0;
    const setpriv = spawnSync('setpriv', ['--version']).status === 0;
    if (!prerequisite(t, root && !setpriv && 'running as root, and setpriv (util-linux) is missing to drop privileges')) return;
    const dir = mkdtempSync(join(tmpdir(), 'tcpflow-locked-'));
    chmodSync(dir, 0o755);
    const locked = join(dir, 'locked.tcpflow');
    writeFileSync(locked, 'A -> B : SYN\n');
    chmodSync(locked, 0);
    const args = [BIN, 'check', locked];
    const r = root
      ? spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 })
      : spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^tcpflow check: \S*locked\.tcpflow: permission denied$/m);
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  });

  it('explains bad usage with exit 2', () => {
    assert.equal(tcpflow(['check']).code, 2);
    assert.equal(tcpflow(['check', '--format', 'xml', 'examples']).code, 2);
    assert.equal(tcpflow(['frobnicate']).code, 2);
    assert.match(tcpflow(['check', '--help']).stdout, /Usage: tcpflow check/);
    assert.match(tcpflow(['--help']).stdout, /Commands:/);
  });
});

describe('tcpflow states', () => {
  it('prints the timeline as a table', () => {
    const r = tcpflow(['states', 'examples/article-handshake-teardown.tcpflow']);
    assert.equal(r.code, 0);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^step\s+line\s+statement\s+Client\s+Server\s+segment\s+receiver$/);
    assert.match(lines[2], /^0\s+\(initial states\)\s+CLOSED\s+LISTEN/);
    assert.match(r.stdout, /Server -> Client\s+ESTABLISHED\s+SYN_RCVD\s+SYN\+ACK seq=ISN_Server ack=ISN_Client\+1/);
    assert.match(r.stdout, /Client: wait 2MSL\s+CLOSED\s+CLOSED\s+event/);
    assert.match(lines[lines.length - 1], /^11\s+14\s+Server: CLOSED\s+CLOSED\s+CLOSED\s+assertion$/);
  });

  it('prints JSON', () => {
    const r = tcpflow(['states', '--format', 'json', 'examples/half-close.tcpflow']);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(j.endpoints.map((e: { name: string }) => e.name), ['Client', 'Server']);
    assert.equal(j.steps.at(-1).states.join(' '), 'TIME_WAIT CLOSED');
  });

  it('needs exactly one file', () => {
    assert.equal(tcpflow(['states']).code, 2);
    assert.equal(tcpflow(['states', 'a', 'b']).code, 2);
  });
});
