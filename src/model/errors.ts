/**
 * A problem with what the user gave us (arguments, files, config, an unreachable store).
 * The CLI prints its message as one line and exits with `exitCode`; anything else is a bug and keeps its stack.
 */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: number = ExitCode.BadInput) {
    super(message);
    this.name = 'UserError';
  }
}

/** Stable exit codes, documented in the README. */
export const ExitCode = {
  Ok: 0,
  /** The command ran but some targets (pages, rows) failed; their reasons are stored and printed. */
  PartialFailure: 1,
  /** Bad usage or input: nothing was done for the faulty input. */
  BadInput: 2,
  /** Interrupted (SIGINT); what was finished is stored and the run can be resumed. */
  Interrupted: 130,
} as const;
