// The TCB panel: both endpoints' transmission control blocks at the step, the
// values the step changed highlighted, and one line per endpoint saying why.
// Every value is set as text.
import type { StepView } from '../../server/src/protocol';
import { TCB_FIELDS } from '../../server/src/language/stepping';

export function renderTcb(root: HTMLElement, step: StepView | undefined, total: number): void {
  root.replaceChildren();
  if (!step) return;
  const cell = (tag: 'td' | 'th', text: string, className = '') => Object.assign(document.createElement(tag), { textContent: text, className });
  const caption = Object.assign(document.createElement('div'), { className: 'tf-tcb-caption' });
  caption.textContent = step.n === 0 ? `Before the first step: the initial states (${total} steps)` : `Step ${step.n} of ${total} · line ${step.line + 1}: ${step.what}`;
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  head.append(cell('th', ''), ...step.endpoints.map((e) => cell('th', e.name)));
  const body = table.createTBody();
  for (const f of TCB_FIELDS) {
    const row = body.insertRow();
    row.append(cell('th', f), ...step.endpoints.map((e) => cell('td', e.values[f], e.changed.includes(f) ? 'tf-changed' : '')));
  }
  const why = document.createElement('ul');
  why.className = 'tf-why';
  for (const e of step.endpoints) {
    if (!e.why) continue;
    const li = document.createElement('li');
    li.append(Object.assign(document.createElement('b'), { textContent: `${e.name}: ` }), e.why);
    why.append(li);
  }
  root.append(caption, table, why);
}
