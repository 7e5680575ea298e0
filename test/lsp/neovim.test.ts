// A foreign client: Neovim's built-in LSP client starts `tcpflow lsp --stdio`
// from a Lua init file, opens an example with an error, and writes the
// diagnostics it received (vim.diagnostic.get) to a file this test reads.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXAMPLES, prerequisite } from '../helpers';
import { BIN, expectedDiagnostics } from './client';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const missing = nvim.error ? 'nvim is not installed (apt-get install neovim; .ci/run installs it)' : false;

// vim.lsp.start exists from Neovim 0.8; Debian 12 ships 0.7, which has start_client.
const INIT = `
local file, out = os.getenv('TCPFLOW_FILE'), os.getenv('TCPFLOW_OUT')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local config = { name = 'tcpflow', cmd = { os.getenv('TCPFLOW_NODE'), os.getenv('TCPFLOW_BIN'), 'lsp', '--stdio' }, root_dir = vim.fn.getcwd() }
if vim.lsp.start then
  vim.lsp.start(config)
else
  vim.lsp.buf_attach_client(buf, vim.lsp.start_client(config))
end
vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(lines, string.format('%d:%d:%d:%d\\t%s\\t%d\\t%s', d.lnum, d.col, d.end_lnum, d.end_col, tostring(d.code), d.severity, d.message))
end
vim.fn.writefile(lines, out)
vim.cmd('qall!')
`;

describe('Neovim as the client', () => {
  it('receives the diagnostics of an example with an error', (t) => {
    if (!prerequisite(t, missing)) return;
    const dir = mkdtempSync(join(tmpdir(), 'tcpflow-nvim-'));
    const init = join(dir, 'init.lua');
    const out = join(dir, 'diagnostics.txt');
    writeFileSync(init, INIT);
    const file = join(EXAMPLES, 'errors', 'two-way-handshake.tcpflow');
    const r = spawnSync('nvim', ['--headless', '--clean', '-u', init], {
      env: { ...process.env, TCPFLOW_FILE: file, TCPFLOW_OUT: out, TCPFLOW_BIN: BIN, TCPFLOW_NODE: process.execPath },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 0, `nvim: ${r.stderr}${r.error ?? ''}`);
    const received = readFileSync(out, 'utf8').trim().split('\n').filter(Boolean);
    const expected = expectedDiagnostics(readFileSync(file, 'utf8')).map((d) =>
      `${d.range.start.line}:${d.range.start.character}:${d.range.end.line}:${d.range.end.character}\t${d.code}\t${d.severity}\t${d.message}`);
    assert.ok(expected.length > 0);
    assert.deepEqual(received.sort(), expected.sort());
  });
});
