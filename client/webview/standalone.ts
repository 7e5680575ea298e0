// A rendered diagram as an image file: well-formed XML with its own size and
// a background (Mermaid draws on a transparent one, which is unreadable in a
// dark theme viewed on white), and its PNG rasterization. It is framed like
// the preview's first chunk, so both show the same drawing.
import { markErrorNotes } from './errorNotes';
import { frameChunk } from './frame';

/** Mermaid's markup → a detached <svg> element (HTML parsing, as Mermaid serialized it), its error notes marked. */
export function parseSvg(markup: string): SVGSVGElement {
  const template = document.createElement('template');
  template.innerHTML = markup;
  const svg = template.content.querySelector('svg');
  if (!svg) throw new Error('Mermaid produced no <svg> element');
  markErrorNotes(svg);
  return svg;
}

export interface StandaloneSvg {
  readonly xml: string;
  readonly width: number;
  readonly height: number;
}

export function standaloneSvg(markup: string, background: string): StandaloneSvg {
  const svg = parseSvg(markup);
  frameChunk(svg, true);
  const [x, y, width, height] = (svg.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
  if (![x, y, width, height].every(Number.isFinite)) throw new Error('Mermaid produced an <svg> without a viewBox');
  svg.setAttribute('width', String(Math.ceil(width)));
  svg.setAttribute('height', String(Math.ceil(height)));
  svg.removeAttribute('style');
  const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [k, v] of Object.entries({ x, y, width, height })) rect.setAttribute(k, String(v));
  rect.setAttribute('style', `fill: ${background}; stroke: none`);
  svg.insertBefore(rect, svg.firstChild);
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
  return { xml, width: Math.ceil(width), height: Math.ceil(height) };
}

/**
 * Chromium refuses larger canvases; a taller diagram is scaled down to fit,
 * down to MIN_SCALE: smaller, its labels could not be read, and it is refused.
 */
const MAX_SIDE = 32_000;
const MAX_AREA = 250_000_000;
const MIN_SCALE = 0.5;

/** The SVG drawn on a canvas at twice its size (or less, to fit the canvas limits): PNG bytes in base64. */
export async function pngBase64(svg: StandaloneSvg, background: string): Promise<string> {
  const scale = Math.min(2, MAX_SIDE / svg.width, MAX_SIDE / svg.height, Math.sqrt(MAX_AREA / (svg.width * svg.height)));
  if (scale < MIN_SCALE) {
    throw new Error(`the diagram is ${svg.width}×${svg.height} px, too large for a readable PNG (at most ${MAX_SIDE} px a side): export it as SVG, or a part of the flow`);
  }
  const img = new Image();
  const bytes = new TextEncoder().encode(svg.xml);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  img.src = `data:image/svg+xml;base64,${btoa(binary)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(svg.width * scale));
  canvas.height = Math.max(1, Math.round(svg.height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas in this browser');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  // toBlob encodes off the page's thread, and faster than toDataURL for a large canvas.
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob || blob.type !== 'image/png') throw new Error('the browser could not make a PNG of this size');
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('could not read the PNG'));
    reader.readAsDataURL(blob);
  });
  return url.slice(url.indexOf(',') + 1);
}
