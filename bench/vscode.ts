// The extension in the real VS Code workbench (code-server + headless
// Chromium, the end-to-end tests' session): its activation time as VS Code
// measures it, and how long a user waits, after choosing an example in quick
// open, for its diagnostics, and after asking for the preview, for its diagram.
// Cold is the first .tcpflow file of the window (it activates the extension
// and starts the language server); warm is the next one. Not a test.
import { openSession } from '../test/e2e/session';
import { arrows, segmentLines } from '../test/e2e/tests';
import { until, type Workbench } from '../test/e2e/workbench';

const COLD = 'errors/wrong-handshake-numbers.tcpflow';
const WARM = 'errors/sequence-gap.tcpflow';

/** Opens a file with quick open; ms from choosing it to its first squiggle, and to its diagram when a preview is open. */
async function open(wb: Workbench, path: string, preview: boolean): Promise<{ diagnostics: number; diagram?: number }> {
  const chosen = await wb.openFile(path);
  await until(`diagnostics in ${path}`, async () => ((await wb.squiggles().count()) > 0 ? true : undefined));
  const diagnostics = Date.now() - chosen;
  if (!preview) return { diagnostics };
  await arrows(wb, segmentLines(path).length);
  return { diagnostics, diagram: Date.now() - chosen };
}

export async function vscodeBench(): Promise<void> {
  console.log('\nVS Code workbench (code-server, headless Chromium), the packaged extension:');
  // The preview follows the active editor: the second file's diagram is told apart by its number of arrows.
  if (segmentLines(COLD).length === segmentLines(WARM).length) throw new Error(`${COLD} and ${WARM} draw as many arrows`);
  const opened = await openSession();
  if ('skip' in opened) {
    console.log(`  skipped: ${opened.skip}`);
    return;
  }
  const { workbench: wb, close } = opened.session;
  const row = (what: string, ms: number | undefined) => console.log(`  ${what.padEnd(46)} ${String(ms).padStart(6)} ms`);
  try {
    row('open → first diagnostics, cold', (await open(wb, COLD, false)).diagnostics);
    const asked = Date.now();
    await wb.page.keyboard.press('Control+K');
    await wb.page.keyboard.press('V');
    await arrows(wb, segmentLines(COLD).length);
    row('Open Preview to the Side → diagram, cold', Date.now() - asked);
    const warm = await open(wb, WARM, true);
    row('open → first diagnostics, warm', warm.diagnostics);
    row('open → its diagram in the open preview, warm', warm.diagram);
    row('extension activation (as VS Code measures it)', await wb.activationMs('tcpflow'));
  } finally {
    await close();
  }
}
