/**
 * Entry of the `cover` CLI (scripts/cli/cover.mjs, the package's bin, runs it: built by scripts/cli/build.mjs, or
 * under tsx). Each command module is listed here as a loader: a run loads only the module of the command it names
 * (program.ts, runCli), so `cover --help` loads neither ethers nor any command.
 */
import { commandManifest as manifestOf, runCli, type CommandManifest, type CommandModules } from "./program.js";

/** The command modules, in the order help lists their commands. A new module goes here (and nowhere else). */
export const COMMAND_MODULES: CommandModules = {
  read: async () => (await import("./commands/read.js")).registerReadCommands,
  quote: async () => (await import("./commands/quote.js")).registerQuoteCommands,
  write: async () => (await import("./commands/write.js")).registerWriteCommands,
  trade: async () => (await import("./commands/trade.js")).registerTradeCommands,
  lp: async () => (await import("./commands/lp.js")).registerLpCommands,
  claims: async () => (await import("./commands/claims.js")).registerClaimCommands,
  risk: async () => (await import("./commands/risk.js")).registerRiskCommands,
  faucet: async () => (await import("./commands/faucet.js")).registerFaucetCommand,
  tokens: async () => (await import("./commands/tokens.js")).registerTokenCommands,
  committee: async () => (await import("./commands/committee.js")).registerCommitteeCommands,
};

/** Every command's name and summary, for the build to store beside the bundle (program.ts, CommandManifest). */
export function commandManifest(): Promise<CommandManifest> {
  return manifestOf(COMMAND_MODULES);
}

/** Runs `cover` on the process's arguments and exits; `manifest` (from the build) spares loading every command for help. */
export async function main(manifest?: CommandManifest): Promise<never> {
  const code = await runCli(COMMAND_MODULES, process.argv.slice(2), manifest);
  // Exit once the output is flushed, without waiting for idle keep-alive connections to the RPC to time out.
  await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
  await new Promise<void>((resolve) => process.stderr.write("", () => resolve()));
  process.exit(code);
}
