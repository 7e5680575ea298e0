// What an interrupted command must not leave behind: a temporary file beside
// the target, the headless browser and its profile. Work in progress registers
// its undoing here; SIGINT, SIGTERM and SIGHUP run it before the process ends.
// What a killed process (SIGKILL, power loss) leaves is swept by the next run:
// the leftovers carry their process id, and a dead process's are stale.
type Task = () => unknown;

const tasks = new Set<Task>();

/** Registers `task` to run if the process is interrupted; call the result when the work is done. */
export function undoOnInterrupt(task: Task): () => void {
  tasks.add(task);
  return () => tasks.delete(task);
}

/** Runs every registered task, the latest first (a temporary file before the browser that drew it). */
export async function runInterruptTasks(): Promise<void> {
  for (const task of [...tasks].reverse()) {
    tasks.delete(task);
    try {
      await task();
    } catch {
      // Best effort: the next run sweeps what is left.
    }
  }
}

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

/** Ends the process with `code` once the registered tasks are done; a second signal ends it at once. */
export function exitAfterCleanUp(code: number): void {
  void runInterruptTasks().finally(() => process.exit(code));
}

/** Cleans up and exits with 128 + the signal's number, as a shell reports a process the signal ended. */
export function cleanUpOnSignals(): void {
  let interrupted = false;
  for (const [name, number] of Object.entries(SIGNALS)) {
    process.on(name, () => {
      if (interrupted) process.exit(128 + number);
      interrupted = true;
      exitAfterCleanUp(128 + number);
    });
  }
}

/** Whether a process with this id runs on this machine (one of another user counts). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `name`, made by `pattern` with a process id as its first group, was left by a process that has ended. */
export function leftByDeadProcess(name: string, pattern: RegExp): boolean {
  const pid = Number(pattern.exec(name)?.[1]);
  return Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !processAlive(pid);
}
