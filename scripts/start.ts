/**
 * npm start: a whole local cover market (scripts/lib/start/localMarket.ts brings it up: a hardhat node, the stack,
 * the seeded scenario, Postgres and graph-node indexing it to the chain head); then the implied-risk table read
 * from the subgraph, the URLs (the dashboard's among them), the funded accounts and the deployment file. Keeps serving until Ctrl-C, then stops
 * every process it started (also when interrupted during start-up).
 *
 *   npm start                      keep running after the table
 *   npm run demo [-- --json]       exit after the table; --json prints only the table as JSON on stdout
 *   --days <n>                     simulated days (default 30; COVER_DAYS too)
 *
 * Progress goes to stderr, so stdout carries only the table (or the JSON).
 */
import path from "node:path";
import { readCommandLine } from "./lib/argv.js";
import { ScenarioError } from "./lib/scenario/stage.js";
import { LocalMarket, type StartArgs } from "./lib/start/localMarket.js";
import { formatTable } from "./lib/subgraph/riskTable.js";

const USAGE = "usage: npm start [-- --days <n>] | npm run demo [-- --json] [--days <n>]";

/** Parses the command line; throws with a specific message for anything malformed. */
export function parseStartArgs(argv: string[]): StartArgs {
  const options = readCommandLine(argv, { demo: { type: "boolean" }, json: { type: "boolean" }, days: { type: "string", needs: "a whole number of days" } }, USAGE);
  if (options.days !== undefined && !/^\d+$/.test(options.days)) throw new Error(`--days needs a whole number of days, got ${JSON.stringify(options.days)}\n${USAGE}`);
  const args: StartArgs = {
    demo: options.demo ?? false,
    // `npm run demo --json` (npm's own flag, before any `--`) keeps npm's banner off stdout and reaches us as
    // npm_config_json; `npm run demo -- --json` passes the flag itself, after npm's banner.
    json: options.json ?? process.env.npm_config_json === "true",
    days: Number(options.days ?? process.env.COVER_DAYS ?? 30),
  };
  if (args.json && !args.demo) throw new Error(`--json is for npm run demo (it prints the table and exits)\n${USAGE}`);
  if (!Number.isSafeInteger(args.days) || args.days < 3 || args.days > 120) throw new Error(`--days must be between 3 and 120, got ${args.days}`);
  return args;
}

async function main(market: LocalMarket): Promise<number> {
  const { args } = market;
  try {
    const { node, provider, stack, gnd, rows, now, summary } = await market.bringUp();
    if (process.env.COVER_START_REPORT) process.stderr.write(`COVER_START_REPORT ${JSON.stringify(summary)}\n`);
    if (args.json) {
      process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
    } else {
      process.stdout.write(`\nImplied risk (from the subgraph, chain time ${new Date(now * 1000).toISOString()}):\n\n`);
      process.stdout.write(formatTable(rows) + "\n\n");
      const accounts = await provider.send("eth_accounts", []);
      process.stdout.write(
        [
          `Ready in ${summary.totalSeconds.toFixed(1)} s. All protocols above are made-up demo names.`,
          `  GraphQL:    ${gnd.graphqlUrl}`,
          ...(summary.dashboardUrl ? [`  Dashboard:  ${summary.dashboardUrl}`] : []),
          `  JSON-RPC:   ${node.url}  (chain id ${stack.chainId})`,
          `  Deployment: ${path.relative(process.cwd(), summary.deploymentFile)}`,
          `  Funded accounts: hardhat's well-known test accounts, 10,000 ETH each, keys from the public mnemonic`,
          `    "test test test test test test test test test test test junk" (never use them elsewhere); the scenario's`,
          `    roles and their USDC / DAI are in ${path.basename(summary.deploymentFile)}; test tokens mint to anyone:`,
          ...accounts.slice(0, 5).map((a: string, i: number) => `    #${i} ${a}`),
          `  Query, e.g.: curl -s ${gnd.graphqlUrl} -H 'content-type: application/json' -d '{"query":"{ series_collection(first: 5) { id impliedProbability } }"}'`,
          args.demo ? "" : "Serving the chain, GraphQL and the dashboard; press Ctrl-C to stop.",
        ].join("\n") + "\n",
      );
    }
    if (args.demo) return 0;
    await new Promise<void>(() => {}); // until a signal: processes.ts then kills every process group, the exit hooks remove the folders
    return 0;
  } catch (error) {
    market.progress.endBar();
    if (error instanceof ScenarioError) {
      process.stderr.write(`\nstopped: the scenario's step "${error.step}" reverted: ${error.reason}\n`);
    } else {
      process.stderr.write(`\nstopped during "${market.progress.step ?? "start-up"}": ${error instanceof Error ? error.message : error}\n`);
    }
    return 1;
  }
}

if (process.argv[1] && /start\.ts$/.test(process.argv[1])) {
  let args: StartArgs | undefined;
  try {
    args = parseStartArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const market = new LocalMarket(args, { dashboard: !args.demo }); // npm run demo exits after the table: no dashboard to serve
  const code = await main(market);
  await market.shutdown();
  process.exit(code);
}
