// WCAG contrast of every visible text of a page, measured in the page itself:
// `checkContrast(page, { scope: '#stack' })` with a Playwright page or frame.
// `lowContrastTexts` is self-contained (its source is sent to the page), so the
// preview tests and the end-to-end suite can both run it.
//
// For each text it takes the computed colour (SVG `fill`, HTML `color`) and
// the layers under and over the text's centre, in paint order
// (document.elementsFromPoint): SVG shapes by their fill, HTML boxes by their
// background, each with its opacity. The layers under it are composited over
// the page's background; a layer over the text (a tint, a highlight box) is
// composited over both the text and its background, so an opaque box over a
// text gives 1:1. The ratio is WCAG 2's (relative luminance, (L1 + 0.05) / (L2 + 0.05)).

export interface ContrastOptions {
  /** CSS selector of the part of the page to check (default: the whole body). */
  readonly scope?: string;
  /** The ratio every text must reach (default 4.5, WCAG AA for normal text). */
  readonly minimum?: number;
}

export interface TextContrast {
  readonly text: string;
  readonly ratio: number;
  /** What the reader sees: the text's colour and its background's, as `rgb(r, g, b)`. */
  readonly color: string;
  readonly background: string;
  /** The element, as `tag.class` (for a message that says where). */
  readonly element: string;
}

export interface ContrastReport {
  /** Texts below the minimum, lowest first. */
  readonly failures: TextContrast[];
  /** The lowest ratio of all the checked texts (Infinity when none). */
  readonly lowest: number;
  readonly checked: number;
}

/** Anything that evaluates a script in a page: a Playwright Page or Frame. */
export interface Evaluator {
  evaluate<R>(script: string): Promise<R>;
}

/**
 * Runs the checker in the page. Sent as source text with a stand-in for
 * `__name`, the helper that tsx's transform adds around named functions and
 * that the page does not have.
 */
export function checkContrast(page: Evaluator, options: ContrastOptions = {}): Promise<ContrastReport> {
  return page.evaluate<ContrastReport>(`(() => { const __name = (f) => f; return (${lowContrastTexts.toString()})(${JSON.stringify(options)}); })()`);
}

export function lowContrastTexts(options: ContrastOptions = {}): ContrastReport {
  type Rgba = [number, number, number, number];
  const minimum = options.minimum ?? 4.5;
  const root = document.querySelector(options.scope ?? 'body');
  if (!root) throw new Error(`no element matches ${options.scope}`);

  const parse = (css: string): Rgba | undefined => {
    const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(css.trim());
    if (!m) return css.trim() === 'transparent' ? [0, 0, 0, 0] : undefined;
    const a = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number(m[4].slice(0, -1)) / 100 : Number(m[4]);
    return [Number(m[1]), Number(m[2]), Number(m[3]), a];
  };
  /** `top` painted over the opaque colour `under`. */
  const over = (top: Rgba, under: Rgba): Rgba => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1) as Rgba;
  const luminance = (c: Rgba) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a: Rgba, b: Rgba) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const show = (c: Rgba) => `rgb(${c.slice(0, 3).map((v) => Math.round(v)).join(', ')})`;
  /** The product of the opacities of an element and its ancestors. */
  const opacity = (e: Element | null): number => {
    let o = 1;
    for (let x = e; x; x = x.parentElement) o *= Number(getComputedStyle(x).opacity);
    return o;
  };
  const SHAPES = new Set(['rect', 'path', 'polygon', 'circle', 'ellipse']);
  /** An element's own paint as a layer, or undefined when it paints nothing at that point. */
  const layer = (e: Element): Rgba | undefined => {
    const style = getComputedStyle(e);
    let c: Rgba | undefined;
    if (e instanceof SVGElement) {
      if (!SHAPES.has(e.tagName)) return undefined;
      c = parse(style.fill);
      if (c) c[3] *= Number(style.fillOpacity);
    } else c = parse(style.backgroundColor);
    if (!c || c[3] === 0) return undefined;
    c[3] *= opacity(e);
    return c;
  };
  const pageBackground = (): Rgba => {
    for (const e of [document.body, document.documentElement]) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) return over(c, [255, 255, 255, 1]);
    }
    return [255, 255, 255, 1];
  };
  const visible = (e: Element) => {
    if (e.closest('[hidden]')) return false;
    const style = getComputedStyle(e);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const name = (e: Element) => `${e.tagName.toLowerCase()}${[...e.classList].map((c) => `.${c}`).join('')}${e.id ? `#${e.id}` : ''}`;

  /** The elements that draw text: those with text of their own (an SVG <text> or its <tspan>, an HTML element). */
  const texts: Element[] = [];
  for (const e of [root, ...root.querySelectorAll('*')]) {
    if (e instanceof HTMLStyleElement || e instanceof HTMLScriptElement || (e instanceof SVGElement && e.tagName !== 'text' && e.tagName !== 'tspan')) continue;
    if ([...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())) texts.push(e);
  }

  const results: TextContrast[] = [];
  const base = pageBackground();
  for (const e of texts) {
    if (!visible(e)) continue;
    const style = getComputedStyle(e);
    const own = parse(e instanceof SVGElement ? style.fill : style.color);
    if (!own) continue;
    if (e instanceof SVGElement) own[3] *= Number(style.fillOpacity);
    own[3] *= opacity(e);
    const r = e.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    // Topmost first. Inside the text's own SVG, paint order is document order;
    // outside it, what comes before the text's first container in the stack is over it.
    const stack = document.elementsFromPoint(x, y);
    const svg = e instanceof SVGElement ? e.ownerSVGElement : null;
    const container = stack.findIndex((s) => s === e || s.contains(e));
    const above: Element[] = [];
    const below: Element[] = [];
    // An HTML element's own background is under its text; an SVG text's fill is the text.
    if (!svg) below.push(e);
    stack.forEach((s, i) => {
      if (s === e || e.contains(s)) return;
      const later = svg && svg.contains(s) && !s.contains(e) ? !!(e.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING) : container < 0 || i < container;
      (later ? above : below).push(s);
    });
    let bg = base;
    for (const s of below.reverse()) {
      const l = layer(s);
      if (l) bg = over(l, bg);
    }
    let fg = over(own, bg);
    for (const s of above.reverse()) {
      const l = layer(s);
      if (!l) continue;
      fg = over(l, fg);
      bg = over(l, bg);
    }
    results.push({ text: (e.textContent ?? '').trim().slice(0, 60), ratio: Math.round(ratio(fg, bg) * 100) / 100, color: show(fg), background: show(bg), element: name(e) });
  }
  return {
    failures: results.filter((t) => t.ratio < minimum).sort((a, b) => a.ratio - b.ratio),
    lowest: Math.min(...results.map((t) => t.ratio)),
    checked: results.length,
  };
}
