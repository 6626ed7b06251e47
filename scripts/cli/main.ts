/** Entry of the `cover` CLI (see scripts/cli/cover.mjs, the package's bin). */
import { buildProgram, run } from "./program.js";
import { registerReadCommands } from "./commands/read.js";

const program = buildProgram([registerReadCommands]);
const code = await run(program, process.argv.slice(2));
process.exitCode = code;
