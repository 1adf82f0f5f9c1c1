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
  /** A CI gate (`audit --fail-under`, `--budget`) was missed; everything measured is stored. */
  BudgetMissed: 4,
  /** Interrupted (SIGINT); what was finished is stored and the run can be resumed. */
  Interrupted: 130,
} as const;

/** The parts of a zod error the formatter reads (structural, so this module imports nothing). */
interface ZodErrorLike {
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code: string; keys?: readonly string[] }>;
}

export interface ZodIssueStyle {
  /** How the failing field is named; default the dotted path, e.g. `sites.0.urls.2` (`(top level)` for the root). */
  field?: (path: ReadonlyArray<PropertyKey>) => string;
  /** Between field and message; default ": " (CLI flags read better with " ": `--evidence is required`). */
  separator?: string;
}

/**
 * The one formatting of a zod error for a user: its first issue as "field: message", with unknown keys named and
 * the count of further issues, e.g. `sites.0.urls.2: must be an absolute http:// or https:// URL (and 1 more)`.
 */
export function formatZodIssue(error: ZodErrorLike, style: ZodIssueStyle = {}): string {
  const issue = error.issues[0];
  const field = (style.field ?? dottedPath)(issue.path);
  const message =
    issue.code === 'unrecognized_keys' && issue.keys
      ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : issue.message;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${field}${style.separator ?? ': '}${message}${more}`;
}

function dottedPath(path: ReadonlyArray<PropertyKey>): string {
  return path.length ? path.map(String).join('.') : '(top level)';
}

/** Style for command-line input: the field is the option it came from, e.g. `--status is required`. */
export const CLI_OPTION_STYLE: ZodIssueStyle = {
  field: (path) => (path.length ? `--${String(path[0])}` : 'input'),
  separator: ' ',
};
