/**
 * Sending a transaction the way the CLI promises: simulate first (staticCall from the sender); if it would revert,
 * a CliError saying why in words (decoded from the custom error) and nothing sent; else send, wait, and report
 * the hash and gas used.
 */
import { formatUnits } from "ethers";
import { decodeError, errorInterface } from "../lib/scenario.js";
import { isoDate } from "../lib/calendar.js";
import { CliError } from "./errors.js";

let iface: ReturnType<typeof errorInterface> | undefined;

const time = (t: string) => `${new Date(Number(t) * 1000).toISOString().replace(".000Z", "Z")}`;

/** Sentences for the custom errors people meet most; others are shown decoded, name and arguments. */
const WORDS: Record<string, (args: string[], decimals: number) => string> = {
  CoverSeriesExpired: ([, expiry]) => `the series expired on ${isoDate(BigInt(expiry))}: no more minting or buying`,
  CoverNotSettled: ([, at]) => `the series is not settled yet; it can settle at ${time(at)} at the earliest`,
  CoverUnknownSeries: ([id]) => `there is no series ${id}`,
  CoverZeroAmount: () => "the amount is zero",
  CoverPaused: ([until]) => `the market is paused until ${time(until)}`,
  CoverRouterInsufficientOutput: ([out, min], d) => `slippage: the trade would give ${formatUnits(out, d)}, below your limit of ${formatUnits(min, d)}`,
  CoverRouterExcessiveInput: ([input, max], d) => `slippage: the trade would cost ${formatUnits(input, d)}, above your limit of ${formatUnits(max, d)}`,
  CoverRouterIncompleteFill: ([, requested, filled], d) => `not enough liquidity: the pool fills ${formatUnits(filled, d)} of ${formatUnits(requested, d)}`,
  CoverPeripheryDeadlinePassed: ([deadline]) => `the deadline ${time(deadline)} has passed`,
  CoverPeripheryPairRouteUnavailable: () => "the pair route is unavailable for this series now (use --route direct)",
  ERC20InsufficientBalance: ([, balance, needed], d) => `insufficient balance: have ${formatUnits(balance, d)}, need ${formatUnits(needed, d)}`,
  ERC20InsufficientAllowance: ([, allowance, needed], d) => `insufficient allowance: ${formatUnits(allowance, d)} approved, ${formatUnits(needed, d)} needed`,
};

/** A failed call's reason in words. */
export function reasonOf(error: unknown, decimals: number): string {
  iface ??= errorInterface();
  const decoded = decodeError(error, iface);
  const m = /^(\w+)\((.*)\)$/.exec(decoded);
  if (m && WORDS[m[1]]) {
    const args = m[2] === "" ? [] : m[2].split(", ");
    try {
      return `${WORDS[m[1]](args, decimals)} (${decoded})`;
    } catch {
      /* fall back to the decoded form */
    }
  }
  return decoded;
}

export interface Sent {
  hash: string;
  gasUsed: bigint;
  blockNumber: number;
}

/**
 * Simulates `contract.method(...args)` from the contract's signer and sends it if it would succeed; `what` names
 * the action in the error. `decimals` formats amounts in decoded errors.
 */
export async function simulateAndSend(contract: any, method: string, args: unknown[], what: string, decimals: number): Promise<Sent> {
  try {
    await contract[method].staticCall(...args);
  } catch (error) {
    throw new CliError(`${what} would fail, nothing was sent: ${reasonOf(error, decimals)}`);
  }
  const tx = await contract[method](...args);
  const receipt = await tx.wait();
  if (!receipt || receipt.status !== 1) throw new CliError(`${what}: transaction ${tx.hash} reverted`);
  return { hash: tx.hash, gasUsed: receipt.gasUsed, blockNumber: receipt.blockNumber };
}

/**
 * Sends a router action after simulating it, with any permit calls in front of it in one `multicall` (so a
 * permit and the trade land together or not at all).
 */
export async function sendRouterAction(router: any, method: string, args: unknown[], permitCalls: string[], what: string, decimals: number): Promise<Sent> {
  if (permitCalls.length === 0) return simulateAndSend(router, method, args, what, decimals);
  const action = router.interface.encodeFunctionData(method, args);
  return simulateAndSend(router, "multicall", [[...permitCalls, action]], what, decimals);
}
