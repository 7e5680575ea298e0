// A defect in tcpflow as the user sees it: one line, unless they ask for the
// stack (TCPFLOW_DEBUG=1) to report it.
import { shown } from './io';

export function internalError(e: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const message = shown((e instanceof Error ? e.message : String(e)).split('\n')[0]);
  if (env.TCPFLOW_DEBUG === '1') return `internal error: ${message}\n${e instanceof Error ? e.stack : ''}`;
  return `internal error: ${message} (a defect in tcpflow: TCPFLOW_DEBUG=1 shows where, to report it)`;
}
