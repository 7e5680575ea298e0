// A fuzz worker thread: makes and runs the inputs of each batch it is given,
// writing the input and target under way to shared memory so that the parent
// can tell a hang from slow progress and name where it hangs.
import { parentPort, workerData } from 'node:worker_threads';
import { evaluate, makeCase } from './cases';
import { loadCorpus } from './corpus';
import { minimise } from './minimise';
import type { ToWorker, WorkerData } from './protocol';
import { TARGETS } from './targets';

const { seed, state } = workerData as WorkerData;
const progress = new Int32Array(state);
const corpus = loadCorpus();
const port = parentPort!;

port.on('message', (m: ToWorker) => {
  if (m.type === 'minimise') {
    port.postMessage({ type: 'minimised', input: minimise(m.input, m.finding, seed, m.index) });
    return;
  }
  for (let index = m.from; index < m.to; index++) {
    Atomics.store(progress, 0, index);
    Atomics.add(progress, 1, 1);
    const c = makeCase(corpus, seed, index);
    const findings = evaluate(c.input, seed, index, (t) => Atomics.store(progress, 2, TARGETS.indexOf(t)));
    if (findings.length) port.postMessage({ type: 'findings', index, ops: c.ops, findings });
  }
  port.postMessage({ type: 'done' });
});
