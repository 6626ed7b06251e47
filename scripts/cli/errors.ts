/** An error the CLI reports as it is (one line, no stack) with a non-zero exit: bad input, no market, a refused action. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/**
 * Exit codes, the one rule every command keeps (README, "Exit codes"): 2 for what the user can correct before
 * anything is sent, found by the CLI itself from the input and the account (malformed or unknown input, an expired or
 * settled series, insufficient balance or allowance, a position not theirs, a risk that needs --yes); 1 for a refusal
 * at the market (a simulation or transaction that reverts, a quote the pools cannot fill, no market or subgraph).
 */
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
