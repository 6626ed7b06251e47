/**
 * faucet: test collateral on the local market only. The local market's USDC and DAI are test tokens that mint to
 * anyone (contracts/test/TestERC20.sol); on any other network the command refuses and sends nothing.
 */
import { contractAt } from "../../lib/chain/artifacts.js";
import type { TestERC20 } from "../../lib/chain/contracts.js";
import type { Command } from "commander";
import type { Context } from "../context.js";
import { usage } from "../errors.js";
import { emit, human } from "../output.js";
import { parseAmount } from "../parse.js";
import { examples, withContext } from "../program.js";
import { simulateAndSend } from "../send.js";

async function faucet(ctx: Context, symbolText: string, amountText: string, account?: string) {
  if (ctx.deployment.network !== "localhost" || ctx.deployment.chainId !== 31337) {
    throw usage(`faucet: only the local market's test collaterals mint for free; ${ctx.deployment.network} (chain ${ctx.deployment.chainId}) has real ones; nothing was sent`);
  }
  const collaterals = ctx.deployment.addresses.collaterals ?? {};
  const symbol = Object.keys(collaterals).find((s) => s.toUpperCase() === symbolText.toUpperCase());
  if (!symbol) throw usage(`faucet: no test collateral "${symbolText}" (the local market has ${Object.keys(collaterals).join(", ") || "none"})`);
  const signer = await ctx.signer();
  const to = account ? await ctx.account(account) : await signer.getAddress();
  const token = contractAt<TestERC20>("TestERC20", collaterals[symbol], signer);
  const decimals = Number(await token.decimals());
  const amount = parseAmount(amountText, decimals, `amount (${symbol})`);
  const sent = await simulateAndSend(token, "mint", [to, amount], `minting ${human(amount, decimals)} test ${symbol}`, decimals);
  const balance = human(await token.balanceOf(to), decimals);
  emit(ctx.options.json, { action: "faucet", symbol, decimals, account: to, amount: human(amount, decimals), hash: sent.hash, gasUsed: Number(sent.gasUsed), balance }, () =>
    [`faucet: ${human(amount, decimals)} test ${symbol} to ${to}: ${sent.hash}`, `  gas used: ${sent.gasUsed}`, `  balance now: ${balance} ${symbol}`].join("\n"),
  );
}

export function registerFaucetCommand(program: Command): void {
  examples(
    program.command("faucet <symbol> <amount> [account]").description("local market only: mint test collateral (USDC, DAI) to you or to [account]"),
    ["cover faucet USDC 10000", "cover faucet DAI 500 0x70997970C51812dc3A010C7d01b50e0d17dc79C8"],
  ).action(withContext((ctx, symbol, amount, account) => faucet(ctx, symbol, amount, account)));
}
