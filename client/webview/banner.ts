// The strip at the bottom of the preview that says why the drawing is not
// the document as it is now (a syntax error, a chunk Mermaid could not draw).
// Text only (textContent): a message quotes the user's flow.
/**
 * While the flow has a syntax error, the banner waits for this pause with no
 * valid version: typing goes through incomplete lines, which must not flash it.
 */
export const SYNTAX_BANNER_DELAY_MS = 700;

export interface Problem {
  /** 0-based line, when the problem has one: the entry is a link to it. */
  readonly line?: number;
  readonly message: string;
}

export class Banner {
  constructor(private readonly el: HTMLElement, private readonly reveal: (line: number) => void) {
    el.hidden = true;
  }

  show(heading: string, problems: readonly Problem[]): void {
    const title = document.createElement('strong');
    title.textContent = heading;
    const list = document.createElement('ul');
    for (const p of problems) {
      const item = document.createElement('li');
      if (p.line !== undefined) {
        const link = document.createElement('a');
        link.textContent = `line ${p.line + 1}`;
        const line = p.line;
        link.addEventListener('click', () => this.reveal(line));
        item.append(link, `: ${p.message}`);
      } else item.textContent = p.message;
      list.appendChild(item);
    }
    this.el.replaceChildren(title, list);
    this.el.hidden = false;
  }

  hide(): void {
    this.el.hidden = true;
    this.el.replaceChildren();
  }
}
