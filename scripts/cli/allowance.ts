/**
 * A missing allowance, handled as the CLI promises: by an EIP-2612 permit when the spender is the router and the
 * token signs permits (its domain read from `eip712Domain()`), carried in the same transaction as the action
 * through the router's `multicall`; otherwise by an approval of exactly the amount, sent only with --approve or
 * after a "yes" at a terminal prompt. Without either, it says what to do and nothing is sent.
 */
import { createInterface } from "node:readline/promises";
import type { Signer } from "ethers";
import { permitDomainIfSupported, permitToken, signPermit } from "../lib/chain/permit.js";
import type { Context } from "./context.js";
import { usage } from "./errors.js";
import { human } from "./output.js";
import { simulateAndSend, type Sent } from "./send.js";

export interface AllowanceNeed {
  /** The token to spend, its symbol and decimals (for messages). */
  token: string;
  symbol: string;
  decimals: number;
  /** Who pulls the tokens: the router (permits possible) or the market (approval only). */
  spender: string;
  needed: bigint;
  /** --approve: approve instead of asking (and instead of a permit). */
  approve?: boolean;
  /** The permit's deadline (the action's deadline). */
  deadline: bigint;
  /**
   * Runs before an approval is sent (not before a permit, which is simulated with the action): an approval is a
   * transaction of its own, so a check that the action would fail anyway belongs here. Throw to send nothing
   * (and ask nothing).
   */
  beforeApproval?: () => void;
}

export interface Authorization {
  /** An approval sent before the action, if one was needed and chosen. */
  approval?: Sent;
  /** Router `selfPermit` calls to run before the action in one multicall. */
  permitCalls: string[];
  /** "allowance" (already enough), "permit" or "approval": how the spending was authorized. */
  how: "allowance" | "permit" | "approval";
}

/** Asks a yes/no question on the terminal; false when there is no terminal to ask at. */
async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** Authorizes `need.spender` to pull `need.needed` of `need.token` from `signer` (see the file's comment). */
export async function authorize(ctx: Context, signer: Signer, need: AllowanceNeed): Promise<Authorization> {
  const who = await signer.getAddress();
  const token = ctx.erc20(need.token, signer);
  const allowance: bigint = await token.allowance(who, need.spender);
  if (allowance >= need.needed) return { permitCalls: [], how: "allowance" };
  const amount = `${human(need.needed, need.decimals)} ${need.symbol}`;
  const router = ctx.deployment.addresses.coverRouter;
  if (!need.approve && need.spender.toLowerCase() === router.toLowerCase()) {
    const permitted = permitToken(need.token, signer);
    const domain = await permitDomainIfSupported(permitted, who);
    if (domain) {
      const { v, r, s } = await signPermit(permitted, signer, need.spender, need.needed, need.deadline, domain);
      const data = ctx.contracts.router.interface.encodeFunctionData("selfPermit", [need.token, need.needed, need.deadline, v, r, s]);
      return { permitCalls: [data], how: "permit" };
    }
  }
  need.beforeApproval?.();
  const ask = `${need.symbol} allowance of ${need.spender} is ${human(allowance, need.decimals)}; approve exactly ${amount}?`;
  if (!need.approve && !(await confirm(ask))) {
    throw usage(
      `${need.symbol} allowance of ${need.spender} is ${human(allowance, need.decimals)}, ${amount} needed` +
        `${need.spender.toLowerCase() === router.toLowerCase() ? ` and ${need.symbol} does not sign permits` : ""}: ` +
        `rerun with --approve to approve exactly that first; nothing was sent`,
    );
  }
  const approval = await simulateAndSend(token, "approve", [need.spender, need.needed], `approving ${amount}`, need.decimals, {
    then: "the action itself, which spends this allowance: it can be simulated only once the approval is mined (run again after approving)",
    next: "action",
  });
  return { approval, permitCalls: [], how: "approval" };
}
