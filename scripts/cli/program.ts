/**
 * The `cover` program: global options (--network, --rpc, --json), help with examples on every command, and the
 * one error path: a CliError prints its message and exits non-zero; anything else is reported as unexpected.
 */
import { Command, CommanderError } from "commander";
import { Context, type GlobalOptions } from "./context.js";
import { CliError, EXIT_USAGE } from "./errors.js";

/** Adds an "Examples:" section to a command's help. */
export function examples(command: Command, lines: string[]): Command {
  return command.addHelpText("after", `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`);
}

/** Wraps a command's action: opens the context from the global options, runs, closes. */
export function withContext(fn: (ctx: Context, ...args: any[]) => Promise<void>) {
  return async (...args: any[]) => {
    // commander passes the positional arguments, then the command's options, then the command itself.
    const command = args[args.length - 1] as Command;
    const ctx = await Context.open(command.optsWithGlobals() as GlobalOptions);
    try {
      await fn(ctx, ...args.slice(0, -1));
    } finally {
      ctx.close();
    }
  };
}

export function buildProgram(register: ((program: Command) => void)[]): Command {
  const program = new Command("cover");
  program
    .description("Cover Market from the terminal: read protocols, series, positions and quotes; trade cover.")
    .option("--network <name>", "network whose deployments/<name>.json to use", process.env.COVER_NETWORK ?? "localhost")
    .option("--rpc <url>", "JSON-RPC URL (default: COVER_RPC, else the deployment file's node for a local market)")
    .option("--json", "print JSON instead of text (every command)")
    .addHelpText(
      "after",
      [
        "",
        "Keys: COVER_PRIVATE_KEY from the environment, else from Hardhat's keystore",
        "(npx hardhat keystore set COVER_PRIVATE_KEY); on a local market (npm start) the node's first account.",
        "Keys are never taken from a flag.",
        "",
        "Examples:",
        "  $ npm start                      # in another terminal: a local market with demo series",
        "  $ npx cover series --status live",
        "  $ npx cover quote buy DEMOBRIDGE-2026-07-17-USDC 1000",
        "  $ npx cover buy DEMOBRIDGE-2026-07-17-USDC 1000 --slippage 1%",
        "  $ npx cover risk --term DEMOBRIDGE",
        "  $ npx cover --network sepolia --rpc https://... protocols --json",
        "",
      ].join("\n"),
    )
    .showHelpAfterError("(add --help for usage and examples)")
    .exitOverride();
  for (const r of register) r(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/**
 * Runs the program on `argv` (user arguments only); returns the exit code. Commander takes a negative number as
 * an argument or option value ("-5"), so the parser of each amount refuses it, or takes it where a limit may be
 * negative (roll's --min-net).
 */
export async function run(program: Command, argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit 0; commander has printed the usage error already.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof CliError) {
      process.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`error (unexpected): ${error instanceof Error ? (error as any).shortMessage ?? error.message : String(error)}\n`);
    return 1;
  }
}
