// Draws images/icon.png (128×128): two lifelines and the three segments of a
// handshake between them, rendered from SVG by headless Chromium.
// Run: node --import tsx scripts/make-icon.ts
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './code-server';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';

const SIZE = 128;
const LEFT = 34;
const RIGHT = 94;

/** A segment from one lifeline down to the other, starting at height y, with its arrowhead. */
function segment(y: number, fromLeft: boolean, colour: string): string {
  const [x1, x2] = fromLeft ? [LEFT, RIGHT] : [RIGHT, LEFT];
  const [y1, y2] = [y, y + 10];
  const length = Math.hypot(x2 - x1, y2 - y1);
  const [ux, uy] = [(x2 - x1) / length, (y2 - y1) / length];
  // A point `along` back from the tip and `across` to its side.
  const point = (along: number, across: number) => [x2 - ux * along - uy * across, y2 - uy * along + ux * across].map((v) => v.toFixed(1));
  const [lx, ly] = point(8, 0);
  return `<line x1="${x1}" y1="${y1}" x2="${lx}" y2="${ly}" stroke="${colour}" stroke-width="6" stroke-linecap="round"/>
  <polygon points="${[point(0, 0), point(15, 9), point(15, -9)].join(' ')}" fill="${colour}" stroke="${colour}" stroke-width="2" stroke-linejoin="round"/>`;
}

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#1f3b57"/><stop offset="1" stop-color="#0f2236"/></linearGradient></defs>
  <rect x="4" y="4" width="120" height="120" rx="24" fill="url(#bg)"/>
  <line x1="${LEFT}" y1="26" x2="${LEFT}" y2="110" stroke="#8fb3d6" stroke-width="4" stroke-dasharray="7 5" stroke-linecap="round"/>
  <line x1="${RIGHT}" y1="26" x2="${RIGHT}" y2="110" stroke="#8fb3d6" stroke-width="4" stroke-dasharray="7 5" stroke-linecap="round"/>
  <rect x="${LEFT - 14}" y="14" width="28" height="16" rx="5" fill="#e8f1fb"/>
  <rect x="${RIGHT - 14}" y="14" width="28" height="16" rx="5" fill="#e8f1fb"/>
  ${segment(40, true, '#4fc3f7')}
  ${segment(62, false, '#81c784')}
  ${segment(84, true, '#ffb74d')}
</svg>`;

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: join(ROOT, 'images', 'icon.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
