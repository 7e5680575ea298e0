// A transport error ends the server: after a malformed header or a body that
// is not a message, the real server process writes one line to standard error
// and exits with status 2, so the editor sees it stop and restarts it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, it } from 'node:test';
import { ROOT } from '../helpers';
import { BIN, SERVER } from './client';

const INITIALIZE = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

const MALFORMED: Record<string, string> = {
  'a length that is not a number': `Content-Length: abc\r\n\r\n${INITIALIZE}`,
  'a negative length': `Content-Length: -5\r\n\r\n${INITIALIZE}`,
  'no length': `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${INITIALIZE}`,
  'a length shorter than the body': `Content-Length: 20\r\n\r\n${INITIALIZE}`,
  'a body that is not JSON': frame('{"jsonrpc": nope}'),
};

/** Servers still running when a test ends (it failed): stopped before the next. */
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const c of running) c.kill();
  running.clear();
});

/**
 * Runs the server and writes `input` (keeping standard input open), then `after`
 * once standard output shows an answer; resolves with what it did once it exits.
 */
function run(args: string[], input: string, after?: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => {
    stdout += d;
    if (after !== undefined && stdout.includes('"result"')) {
      child.stdin.write(after);
      after = undefined;
    }
  });
  child.stdin.write(input);
  running.add(child);
  return new Promise((resolve) => child.once('exit', (code) => {
    running.delete(child);
    resolve({ code, stderr, stdout });
  }));
}

const COMMANDS: Record<string, string[]> = {
  'dist/server.js --stdio': [SERVER, '--stdio'],
  'tcpflow lsp --stdio': [BIN, 'lsp', '--stdio'],
};

// A server that stays deaf never exits: the test fails at its timeout.
const deaf = { timeout: 10_000 };

describe('transport errors', () => {
  for (const [command, args] of Object.entries(COMMANDS)) {
    for (const [what, input] of Object.entries(MALFORMED)) {
      it(`${command}: ${what} ends the server with one line on standard error`, deaf, async () => {
        const r = await run(args, input);
        assert.equal(r.code, 2, 'exits with the status of bad input');
        const lines = r.stderr.split('\n').filter((l) => l !== '');
        assert.equal(lines.length, 1, `one line on standard error, got ${JSON.stringify(r.stderr)}`);
        assert.match(lines[0], /^tcpflow: /);
      });
    }
  }

  it('a malformed header after a valid exchange ends the server too', deaf, async () => {
    const r = await run([SERVER, '--stdio'], frame(INITIALIZE), 'Content-Length: x\r\n\r\n{}');
    assert.match(r.stdout, /"capabilities"/, 'the valid request was answered first');
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});
