/**
 * The `cover` program: global options (--network, --rpc, --json), help with examples on every command, and the
 * one error path: a CliError prints its message and exits non-zero; anything else is reported as unexpected.
 *
 * It loads only what the command needs. The commands live in modules (commands/*.ts, each with a register function)
 * that main.ts lists as loaders; runCli reads the command's word from argv and loads that one module (and with it
 * ethers, the context and the rest). What needs every command's name and summary but none of its code (`cover
 * --help`, no command, an unknown command) is answered from the command manifest: each command's name, aliases,
 * help term and summary, taken by the build (scripts/cli/build.mjs, through commandManifest) from the modules
 * themselves, so nothing is written twice. Without a manifest (the TypeScript path: tsx) every module is loaded.
 * This file loads nothing but commander and errors.ts: the context (and ethers) is imported when a command runs.
 */
import { Command, CommanderError, Help } from "commander";
import type { Context, GlobalOptions } from "./context.js";
import { CliError, EXIT_USAGE, Finished } from "./errors.js";

/** Adds an "Examples:" section to a command's help. */
export function examples(command: Command, lines: string[]): Command {
  return command.addHelpText("after", `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`);
}

/** Wraps a command's action: opens the context from the global options, runs, closes. */
export function withContext(fn: (ctx: Context, ...args: any[]) => Promise<void>) {
  return async (...args: any[]) => {
    // commander passes the positional arguments, then the command's options, then the command itself.
    const command = args[args.length - 1] as Command;
    const { Context } = await import("./context.js");
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
    .option("--dry-run", "write commands: simulate the transaction (eth_call, gas estimate) and print what would be sent; send nothing")
    .option("--yes", "accept a trade's slippage above 5% or price impact above 2% (refused without it)")
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
      if (!(error instanceof Finished)) process.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`error (unexpected): ${error instanceof Error ? (error as any).shortMessage ?? error.message : String(error)}\n`);
    return 1;
  }
}

/** A command module's register function (commands/*.ts), loaded on demand. */
export type Register = (program: Command) => void;
/** The command modules by name (main.ts), in the order their commands are listed in help. */
export type CommandModules = Record<string, () => Promise<Register>>;

/** One top-level command as `cover --help` lists it. */
export interface ManifestCommand {
  name: string;
  aliases: string[];
  /** Help's term for it ("series [options]", "positions [options] [account]"). */
  term: string;
  /** Help's summary of it (its summary, else its description). */
  description: string;
  hidden: boolean;
}
/** Every command module's top-level commands, in the modules' order. */
export type CommandManifest = { module: string; commands: ManifestCommand[] }[];

/** The manifest of `modules`: each one loaded and registered on its own program, its commands read back. */
export async function commandManifest(modules: CommandModules): Promise<CommandManifest> {
  const out: CommandManifest = [];
  for (const [module, load] of Object.entries(modules)) {
    const program = buildProgram([await load()]);
    const help = program.createHelp();
    out.push({
      module,
      commands: program.commands.map((c) => ({ name: c.name(), aliases: c.aliases(), term: help.subcommandTerm(c), description: help.subcommandDescription(c), hidden: Boolean((c as any)._hidden) })),
    });
  }
  return out;
}

/**
 * The word that names the command in `argv` (user arguments), read as commander reads it: the first operand after
 * the global options (and their values); after `help`, the word it asks about. Undefined when there is none, or when
 * an unknown option comes first (commander then dispatches nothing either).
 */
export function commandWord(program: Command, argv: string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const arg = argv[i];
    if (words.length === 0 && arg.startsWith("-") && arg !== "-") {
      if (arg === "--") {
        words.push(...argv.slice(i + 1, i + 3));
        break;
      }
      const flag = arg.includes("=") && arg.startsWith("--") ? arg.slice(0, arg.indexOf("=")) : arg;
      const option = program.options.find((o) => o.long === flag || o.short === flag);
      // An unknown option (--help among them): commander takes every later argument as unknown too.
      if (!option) return undefined;
      if (option.required && flag === arg) i++;
      else if (option.optional && flag === arg && argv[i + 1] !== undefined && !argv[i + 1].startsWith("-")) i++;
      continue;
    }
    words.push(arg);
    if (words[0] !== "help") break;
  }
  return words[0] === "help" ? words[1] : words[0];
}

/**
 * Runs `cover` on `argv` (user arguments); returns the exit code. With a manifest, only the module of the command
 * named is loaded, and a run that names none (help, an unknown command) is answered from the manifest alone.
 */
export async function runCli(modules: CommandModules, argv: string[], manifest?: CommandManifest): Promise<number> {
  if (!manifest) return run(buildProgram(await Promise.all(Object.values(modules).map((load) => load()))), argv);
  const word = commandWord(buildProgram([]), argv);
  const owner = word === undefined ? undefined : manifest.find((m) => m.commands.some((c) => c.name === word || c.aliases.includes(word)));
  if (owner) return run(buildProgram([await modules[owner.module]()]), argv);
  // No command of ours named: the full list, from the manifest.
  const terms = new Map<Command, string>();
  const program = buildProgram([
    (p) => {
      for (const c of manifest.flatMap((m) => m.commands)) {
        const stub = p.command(c.name, { hidden: c.hidden }).description(c.description);
        if (c.aliases.length) stub.aliases(c.aliases);
        terms.set(stub, c.term);
      }
    },
  ]);
  program.configureHelp({
    subcommandTerm(this: Help, cmd: Command) {
      return terms.get(cmd) ?? Help.prototype.subcommandTerm.call(this, cmd);
    },
  });
  return run(program, argv);
}
