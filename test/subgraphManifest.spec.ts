/**
 * The subgraph manifest as scripts/lib/subgraph/manifest.ts renders it: the canonical fee tier of config/uniswap.json
 * in the market's and the factory's data-source context, and the block handler every block on a local network but
 * behind a polling filter on a public one (the gnd tests run the every-block form: subgraph/tests/README.md).
 *
 *   npx hardhat test mocha test/subgraphManifest.spec.ts
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../scripts/lib/paths.js";
import { canonicalFee, loadConfig, POLL_EVERY_BLOCKS, renderManifest, validateConfig } from "../scripts/lib/subgraph/manifest.js";
import { BUILD_CACHE_CONFIG, specialiseBuiltManifest } from "../scripts/lib/services/subgraphBuild.js";

const sources = { market: { address: "0x" + "11".repeat(20), startBlock: 5 }, factory: { address: "0x" + "22".repeat(20), startBlock: 5 } };

/** The lines of the block handler's entry and the few after it. */
function blockHandler(manifest: string): string[] {
  const lines = manifest.split("\n");
  const at = lines.findIndex((l) => l.includes("handler: handleBlock"));
  expect(at, "the block handler").to.be.greaterThan(-1);
  return lines.slice(at, at + 4);
}

describe("subgraph manifest", function () {
  it("passes config/uniswap.json's fee tier to the market's and the factory's mappings", function () {
    const fee = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "config", "uniswap.json"), "utf8")).pools.fee;
    expect(canonicalFee()).to.equal(fee);
    const manifest = renderManifest(loadConfig("localhost"));
    const contexts = manifest.match(/context:\n\s+canonicalFee:\n\s+type: Int\n\s+data: (\d+)/g) ?? [];
    expect(contexts).to.have.length(2);
    for (const c of contexts) expect(c.endsWith(`data: ${fee}`)).to.equal(true);
  });

  it("runs the block handler every block on local networks", function () {
    for (const network of ["localhost", "test"]) {
      const config = loadConfig(network);
      expect(config.pollEveryBlocks, network).to.equal(1);
      const lines = blockHandler(renderManifest(config));
      expect(lines[1], network).not.to.match(/filter:/);
    }
  });

  it("polls every few minutes of blocks on public networks, from the config or the network's default", function () {
    const mainnet = renderManifest(validateConfig({ network: "mainnet", ...sources }, "mainnet"));
    expect(blockHandler(mainnet).slice(0, 4).map((l) => l.trim())).to.deep.equal(["- handler: handleBlock", "filter:", "kind: polling", `every: ${POLL_EVERY_BLOCKS.mainnet}`]);
    const arbitrum = renderManifest(validateConfig({ network: "arbitrum-one", ...sources }, "arbitrum"));
    expect(blockHandler(arbitrum)[3].trim()).to.equal("every: 1200");
    const own = renderManifest(validateConfig({ network: "some-l2", pollEveryBlocks: 600, ...sources }, "some-l2"));
    expect(blockHandler(own)[3].trim()).to.equal("every: 600");
  });

  it("refuses a public network without a polling period, or a period below one block", function () {
    expect(() => validateConfig({ network: "some-l2", ...sources }, "cfg")).to.throw(`cfg: "pollEveryBlocks" is needed for network "some-l2"`);
    expect(() => validateConfig({ network: "mainnet", pollEveryBlocks: 0, ...sources }, "cfg")).to.throw(`cfg: "pollEveryBlocks" must be a whole number of blocks, at least 1, got 0`);
    expect(() => validateConfig({ network: "mainnet", pollEveryBlocks: 2.5, ...sources }, "cfg")).to.throw(`got 2.5`);
  });

  it("the cached build (made for a placeholder config, every block) specialises to each network's manifest, its polling filter included", function () {
    const placeholder = renderManifest(BUILD_CACHE_CONFIG);
    // The template's comments name its placeholders without braces: a rendered filter lands only under the handler.
    expect(renderManifest(validateConfig({ network: "mainnet", ...sources }, "mainnet")).match(/filter:/g)).to.have.length(1);
    expect(blockHandler(placeholder)[1]).not.to.match(/filter:/);
    for (const config of [loadConfig("localhost"), validateConfig({ network: "mainnet", ...sources }, "mainnet"), validateConfig({ network: "some-l2", pollEveryBlocks: 600, ...sources }, "some-l2")]) {
      expect(specialiseBuiltManifest(placeholder, config), config.network).to.equal(renderManifest(config));
    }
  });
});
