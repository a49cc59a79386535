export { runCli, COMMANDS } from './cli';
export { EXIT } from './exit-codes';
export type { ExitCode } from './exit-codes';
export { renderProgress, renderBar } from './progress-bar';
export type { ViewForBar } from './progress-bar';
