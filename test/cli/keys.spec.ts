/**
 * Where `cover` takes its key: COVER_PRIVATE_KEY from the environment first, else Hardhat's keystore (stored here
 * with the real `hardhat keystore set --dev`, in a temporary config folder), else on a local chain the node's
 * first unlocked account; a malformed key is refused before anything is sent.
 */
import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Wallet } from "ethers";
import { PROJECT_ROOT } from "../../scripts/lib/paths.js";
import { cover, coverJson, sharedCliMarket, type CliMarket } from "./cliFixture.js";

// Hardhat's default accounts 1 and 2 (mnemonic "test test ... junk"): funded on the local node.
const KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const KEY_2 = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";

/** Environment variables that make the keystore plugin stand aside (it is not used in CI). */
const NOT_CI = Object.fromEntries(
  ["CI", "GITHUB_ACTIONS", "NOW", "DEPLOYMENT_ID", "CODEBUILD_BUILD_NUMBER", "CONTINUOUS_INTEGRATION", "BUILD_NUMBER", "RUN_ID", "HH_TEST"].map((k) => [k, undefined]),
);

/** Stores `value` under `key` in the development keystore of config folder `home`, as a person would. */
function keystoreSet(home: string, key: string, value: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "node_modules", "hardhat", "dist", "src", "cli.js"), "keystore", "set", "--dev", key], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...NOT_CI, XDG_CONFIG_HOME: home },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`hardhat keystore set exited ${code}: ${output}`))));
    child.stdin.end(`${value}\n`);
  });
}

describe("cover CLI: keys", function () {
  this.timeout(180_000);
  let m: CliMarket;
  let withKeystore: string;
  let empty: string;

  before(async function () {
    m = await sharedCliMarket();
    withKeystore = mkdtempSync(path.join(os.tmpdir(), "cover-keystore-"));
    empty = mkdtempSync(path.join(os.tmpdir(), "cover-keystore-empty-"));
    await keystoreSet(withKeystore, "COVER_PRIVATE_KEY", KEY_1);
  });
  after(async function () {
    for (const dir of [withKeystore, empty]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const accountOf = async (env: Record<string, string | undefined>) => (await coverJson(m, ["positions"], { ...NOT_CI, ...env })).account as string;

  it("the keystore's COVER_PRIVATE_KEY signs when the environment has none", async function () {
    expect(await accountOf({ XDG_CONFIG_HOME: withKeystore })).to.equal(new Wallet(KEY_1).address);
  });

  it("the environment's COVER_PRIVATE_KEY wins over the keystore", async function () {
    expect(await accountOf({ XDG_CONFIG_HOME: withKeystore, COVER_PRIVATE_KEY: KEY_2 })).to.equal(new Wallet(KEY_2).address);
  });

  it("with neither, a local market's first unlocked account signs", async function () {
    const first = (await m.provider.send("eth_accounts", []))[0];
    expect((await accountOf({ XDG_CONFIG_HOME: empty })).toLowerCase()).to.equal(first.toLowerCase());
  });

  it("a keystore key sends transactions: a mint from that account, checked by its balances", async function () {
    const me = new Wallet(KEY_1).address;
    const usdc = m.stack.contracts.collaterals.USDC;
    await (await usdc.mint(me, 50_000_000n)).wait();
    const now = (await m.provider.getBlock("latest"))!.timestamp;
    const target = m.deployment.series.find((x) => x.collateral === (usdc.target as string) && x.expiry > now)!;
    const before: bigint = await usdc.balanceOf(me);
    const out = await coverJson(m, ["mint", target.id, "20", "--approve"], { ...NOT_CI, XDG_CONFIG_HOME: withKeystore });
    expect((await m.provider.getTransaction(out.hash))!.from).to.equal(me);
    expect(await usdc.balanceOf(me)).to.equal(before - 20_000_000n);
  });

  it("a malformed key is refused with exit 2 and nothing is sent", async function () {
    const block = await m.provider.getBlockNumber();
    const r = await cover(m, ["positions"], { ...NOT_CI, XDG_CONFIG_HOME: empty, COVER_PRIVATE_KEY: "0x1234" });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/COVER_PRIVATE_KEY is not a private key \(0x and 64 hex digits\)/);
    expect(await m.provider.getBlockNumber()).to.equal(block);
  });
});
