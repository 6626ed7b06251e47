/**
 * The check every refusal test makes: `cover <args>` exits with `code`, says `message` on stderr, prints nothing on
 * stdout, and sends nothing (no block mined on the automining node, the account's nonce unchanged).
 */
import { expect } from "chai";
import type { JsonRpcProvider } from "ethers";
import { cover, type CliRun } from "./cliFixture.js";

export async function refusedWithoutSending(
  m: { dir: string; provider: JsonRpcProvider },
  args: string[],
  code: number,
  message: RegExp,
  { env = {}, account }: { env?: Record<string, string | undefined>; account?: string } = {},
): Promise<CliRun> {
  const who = account ?? (await m.provider.send("eth_accounts", []))[0];
  const [block, nonce] = [await m.provider.getBlockNumber(), await m.provider.getTransactionCount(who)];
  const r = await cover(m, args, env);
  const what = `cover ${args.join(" ")}`;
  expect(r.code, `${what}: ${r.stderr}`).to.equal(code);
  expect(r.stderr, what).to.match(message);
  expect(r.stdout, what).to.equal("");
  expect(await m.provider.getBlockNumber(), `${what} sent something`).to.equal(block);
  expect(await m.provider.getTransactionCount(who), `${what} sent something`).to.equal(nonce);
  return r;
}
