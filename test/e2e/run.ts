// `npm run test:e2e`: the extension, packaged as a .vsix, in the real VS Code
// workbench (code-server) driven by headless Chromium. A screenshot of every
// test goes to .e2e-screenshots/; the last line says `N passed, N failed`.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CI } from '../helpers';
import { openSession, prerequisites, SCREENSHOTS } from './session';
import { CALM_FIXTURES, CALM_TESTS } from './calmTests';
import { FEATURE_FIXTURES, FEATURE_TESTS } from './featureTests';
import { FIXTURES, TESTS as BASIC } from './tests';

const TESTS = [...BASIC, ...FEATURE_TESTS, ...CALM_TESTS];

async function main(): Promise<number> {
  const can = prerequisites();
  if ('skip' in can) {
    // Under CI a missing prerequisite is a failure, not a pass that tested nothing.
    console.log(CI ? `e2e: failed, ${can.skip} (CI=true: a missing prerequisite fails)\n0 passed, 1 failed` : `e2e: skipped, ${can.skip}`);
    return CI ? 1 : 0;
  }
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  const opened = await openSession({ ...FIXTURES, ...FEATURE_FIXTURES, ...CALM_FIXTURES });
  if ('skip' in opened) throw new Error(opened.skip);
  const { session } = opened;
  const failures: string[] = [];
  try {
    for (const [i, test] of TESTS.entries()) {
      const shot = join(SCREENSHOTS, `${String(i + 1).padStart(2, '0')}-${test.id}`);
      const started = Date.now();
      try {
        await test.run({ ...session, snap: (step) => session.workbench.screenshot(`${shot}-${step}.png`) });
        await session.workbench.screenshot(`${shot}.png`);
        console.log(`✔ ${test.name} (${Date.now() - started} ms)`);
      } catch (e) {
        await session.workbench.screenshot(`${shot}-FAILED.png`);
        failures.push(test.name);
        console.log(`✘ ${test.name} (${Date.now() - started} ms)\n  ${(e instanceof Error ? e.message : String(e)).replace(/\n/g, '\n  ')}\n  screenshot: ${shot}-FAILED.png`);
        // Close whatever menu, widget or dialog the failure left open.
        for (let k = 0; k < 3; k++) await session.workbench.page.keyboard.press('Escape');
      }
    }
  } finally {
    await session.close();
  }
  console.log(`screenshots and logs: ${SCREENSHOTS}`);
  console.log(`${TESTS.length - failures.length} passed, ${failures.length} failed`);
  return failures.length === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
