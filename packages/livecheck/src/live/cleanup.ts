/**
 * What must be undone before the process ends (daemons this run started, partial roots, temp
 * dirs), run in reverse order of registration on normal exit paths and on SIGINT, SIGTERM and
 * SIGHUP. Each task is run once.
 */
const tasks: (() => Promise<void> | void)[] = []

/**
 * Registers a cleanup task.
 *
 * @returns a function that unregisters it (call it once the task has been run by its owner)
 */
export function onCleanup(task: () => Promise<void> | void): () => void {
  tasks.push(task)
  return () => {
    const i = tasks.indexOf(task)
    if (i >= 0) tasks.splice(i, 1)
  }
}

/** Runs every registered task, newest first; a failing task does not stop the others. */
export async function runCleanups(): Promise<void> {
  while (tasks.length > 0) {
    const task = tasks.pop() as () => Promise<void> | void
    try {
      await task()
    } catch (e) {
      console.error(`livecheck: cleanup failed: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
}

/** On SIGINT, SIGTERM or SIGHUP: run the cleanups, then exit 128 + the signal's number. */
export function exitCleanlyOnSignals(): void {
  const codes: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 }
  for (const [signal, code] of Object.entries(codes) as [NodeJS.Signals, number][]) {
    process.once(signal, () => {
      console.error(`livecheck: ${signal}, stopping`)
      void runCleanups().finally(() => process.exit(code))
    })
  }
}
