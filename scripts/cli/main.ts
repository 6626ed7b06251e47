/** Entry of the `cover` CLI (see scripts/cli/cover.mjs, the package's bin). */
import { buildProgram, run } from "./program.js";
import { registerReadCommands } from "./commands/read.js";
import { registerQuoteCommands } from "./commands/quote.js";
import { registerWriteCommands } from "./commands/write.js";
import { registerTradeCommands } from "./commands/trade.js";
import { registerLpCommands } from "./commands/lp.js";
import { registerClaimCommands } from "./commands/claims.js";
import { registerRiskCommands } from "./commands/risk.js";
import { registerFaucetCommand } from "./commands/faucet.js";

const program = buildProgram([
  registerReadCommands,
  registerQuoteCommands,
  registerWriteCommands,
  registerTradeCommands,
  registerLpCommands,
  registerClaimCommands,
  registerRiskCommands,
  registerFaucetCommand,
]);
const code = await run(program, process.argv.slice(2));
// Exit once the output is flushed, without waiting for idle keep-alive connections to the RPC to time out.
await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
await new Promise<void>((resolve) => process.stderr.write("", () => resolve()));
process.exit(code);
