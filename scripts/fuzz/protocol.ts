// Messages between the fuzz runner and its worker threads.
import type { Finding } from './cases';
import type { FuzzInput } from './targets';

export interface WorkerData {
  readonly seed: number;
  /** Int32 slots: the input under way, a counter bumped at each input, the target under way. */
  readonly state: SharedArrayBuffer;
}

export type ToWorker =
  | { readonly type: 'batch'; readonly from: number; readonly to: number }
  | { readonly type: 'minimise'; readonly input: FuzzInput; readonly finding: Finding; readonly index: number };

export type FromWorker =
  | { readonly type: 'findings'; readonly index: number; readonly ops: readonly string[]; readonly findings: readonly Finding[] }
  | { readonly type: 'done' }
  | { readonly type: 'minimised'; readonly input: FuzzInput };
