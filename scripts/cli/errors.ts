/** An error the CLI reports as it is (one line, no stack) with a non-zero exit: bad input, no market, a refused action. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** Exit codes: 1 for a failure at the market (no market, a refused action), 2 for bad input. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A CliError for bad input (exit code 2). */
export function usage(message: string): CliError {
  return new CliError(message, EXIT_USAGE);
}

/** Ends a run that has printed all it had to (a dry run): exit 0, nothing more printed. */
export class Finished extends CliError {
  constructor() {
    super("", 0);
  }
}
