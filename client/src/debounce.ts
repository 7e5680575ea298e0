// Runs the last call after a quiet period: typing and cursor moves come in
// bursts, and each request to the server should reflect the latest state.
import type { Disposable } from 'vscode';

export interface Debounced<A extends unknown[]> extends Disposable {
  (...args: A): void;
}

export function debounce<A extends unknown[]>(ms: number, fn: (...args: A) => void): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const call = (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  return Object.assign(call, { dispose: () => clearTimeout(timer) });
}
