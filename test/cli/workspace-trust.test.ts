// A workspace (a cloned repository's .vscode/settings.json) cannot choose the
// program `tcpflow export` runs: tcpflow.browserPath is a machine setting,
// restricted in untrusted workspaces, and the extension reads the user's value
// only, whatever VS Code would resolve.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ROOT } from '../helpers';

interface Manifest {
  capabilities?: { untrustedWorkspaces?: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] } };
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

describe('tcpflow.browserPath in the manifest', () => {
  it('is a machine setting: VS Code ignores it in workspace and folder settings', () => {
    assert.equal(manifest.contributes.configuration.properties['tcpflow.browserPath'].scope, 'machine');
  });

  it('is restricted in untrusted workspaces, which the extension supports in part', () => {
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    assert.ok(untrusted?.description);
    assert.deepEqual(untrusted?.restrictedConfigurations, ['tcpflow.browserPath']);
  });

  it('is the only setting naming a program', () => {
    const programs = Object.keys(manifest.contributes.configuration.properties).filter((k) => /path|program|command|executable/i.test(k));
    assert.deepEqual(programs, ['tcpflow.browserPath']);
  });
});

/** What VS Code's configuration knows of one setting, at every level. */
interface Inspection {
  defaultValue?: string;
  globalValue?: string;
  workspaceValue?: string;
  workspaceFolderValue?: string;
}

describe('the browser the extension passes to terminals', () => {
  let inspection: Inspection = {};
  let browserPath: () => string;
  before(async () => {
    // The extension's settings module against a stand-in for the `vscode` module: it resolves
    // values as VS Code does (the most specific level wins), to show that only the user's counts.
    const configuration = {
      get: <T>(_key: string, fallback: T) => inspection.workspaceFolderValue ?? inspection.workspaceValue ?? inspection.globalValue ?? fallback,
      inspect: () => ({ key: 'tcpflow.browserPath', defaultValue: '', ...inspection }),
    };
    const vscode = { workspace: { getConfiguration: () => configuration } };
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const load = loader._load;
    loader._load = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? vscode : load.call(this, request, ...rest);
    };
    try {
      ({ browserPath } = await import('../../client/src/settings'));
    } finally {
      loader._load = load;
    }
  });

  it('is the user setting', () => {
    inspection = { globalValue: ' /usr/bin/chromium ' };
    assert.equal(browserPath(), '/usr/bin/chromium');
  });

  it('is never one a workspace or a folder sets, even over the user setting', () => {
    inspection = { workspaceValue: '/tmp/evil.sh' };
    assert.equal(browserPath(), '');
    inspection = { globalValue: '/usr/bin/chromium', workspaceValue: '/tmp/evil.sh', workspaceFolderValue: './run.sh' };
    assert.equal(browserPath(), '/usr/bin/chromium');
  });
});
