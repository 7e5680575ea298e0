// The preview's state view and TCB panel: the stepping view of a document's
// timeline, and the state diagram with the paths up to a step.
import { toStateDiagram } from '../language/stateDiagram';
import { steppingView } from '../language/stepping';
import { StateDiagramRequest, SteppingRequest } from '../protocol';
import { guard, type ServerContext } from './context';
import { severityOptions } from './settings';

export function registerStepping(ctx: ServerContext): void {
  const c = ctx.connection;
  c.onRequest(SteppingRequest, guard(ctx, 'stepping', null, (p) => {
    const d = ctx.documents.get(p.uri);
    return d ? { version: d.version, steps: steppingView(d.analysis) } : null;
  }));
  c.onRequest(StateDiagramRequest, guard(ctx, 'stateDiagram', null, async (p) => {
    const d = ctx.documents.get(p.uri);
    if (!d) return null;
    const severity = severityOptions(await ctx.settings.get(p.uri));
    const { mermaid, edges } = toStateDiagram(d.analysis, { step: p.step, severity });
    return { version: d.version, mermaid, edges };
  }));
}
