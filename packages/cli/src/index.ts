/**
 * @devaddr/cli: the `devaddr` command line, also callable in-process (tests, other tools).
 * @packageDocumentation
 */
export { main, buildProgram } from './program.ts'
export type { CommandIo } from './commandIo.ts'
export { CLI_WORDING } from './cliWording.ts'
