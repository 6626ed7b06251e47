/**
 * Integration (tools): the one deploy path (deployStack) on the in-process network, the deployment file and the
 * subgraph config it writes, npm run deploy's command line, and how scenario steps report a revert. Unlike the
 * lifecycle specs it checks wiring, not behaviour; unlike demo.spec.ts it starts no node and no indexer.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ethers } from "../shared/connection.js";
import { deployStack } from "../../scripts/lib/deploy/stack.js";
import { deploymentOf, readDeployment, subgraphConfigOf, writeDeployment } from "../../scripts/lib/deploy/deploymentFile.js";
import { uniswapSettings } from "../../scripts/lib/deploy/uniswap.js";
import { renderManifest } from "../../scripts/lib/subgraph/manifest.js";
import { parseArgs } from "../../scripts/deploy.js";
import { ScenarioError } from "../../scripts/lib/scenario/stage.js";
import { decodeError } from "../../scripts/lib/chain/revert.js";

describe("deploy: the whole stack and its deployment file", function () {
  it("deploys market, resolvers, Uniswap v3, pools, router, quoter, risk oracle and collaterals wired together", async function () {
    const [deployer, guardian] = await ethers.getSigners();
    const steps: string[] = [];
    const stack = await deployStack(deployer, { local: true, guardian: guardian.address, onStep: (s) => steps.push(s) });
    const { market, committee, parametric, pools, router, quoter, riskOracle, factory, collaterals } = stack.contracts;
    const a = stack.addresses;
    expect(steps).to.deep.equal(["market", "Uniswap v3", "resolvers", "pools, router, quoter and risk oracle", "test collaterals"]);
    expect(await market.owner()).to.equal(guardian.address);
    expect(await committee.market()).to.equal(a.market);
    expect(await parametric.market()).to.equal(a.market);
    const { fee, tickSpacing } = uniswapSettings().pools;
    expect(await pools.factory()).to.equal(a.uniswap.factory);
    expect(Number(await pools.fee())).to.equal(fee);
    expect(Number(await factory.feeAmountTickSpacing(fee))).to.equal(tickSpacing);
    expect(await router.market()).to.equal(a.market);
    expect(await quoter.market()).to.equal(a.market);
    expect(await riskOracle.market()).to.equal(a.market);
    expect(Number(await collaterals.USDC.decimals())).to.equal(6);
    expect(Number(await collaterals.DAI.decimals())).to.equal(18);
    for (const address of [a.market, a.committeeResolver, a.parametricResolver, a.coverPools, a.coverRouter, a.coverQuoter, a.coverRiskOracle, a.uniswap.positionManager]) {
      expect(await ethers.provider.getCode(address)).to.not.equal("0x");
    }

    const dir = mkdtempSync(path.join(tmpdir(), "deployments-"));
    try {
      const file = deploymentOf("localhost", stack);
      expect(file.startBlock).to.equal(stack.startBlock);
      writeDeployment(file, dir);
      const read = readDeployment("localhost", dir);
      expect(read).to.deep.equal(file);
      const manifest = renderManifest(subgraphConfigOf(read, "localhost"));
      expect(manifest).to.contain(a.market.toLowerCase());
      expect(manifest).to.contain(a.uniswap.factory.toLowerCase());
      expect(() => readDeployment("sepolia", dir)).to.throw(/no deployment for network "sepolia"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a public network whose RPC endpoint is another chain", async function () {
    const [deployer] = await ethers.getSigners();
    let error: Error | undefined;
    await deployStack(deployer, { local: false, network: "mainnet" }).catch((e) => (error = e));
    expect(error?.message).to.match(/lists "mainnet" as chain 1, but the RPC endpoint is chain 31337/);
  });

  it("parses its command line and rejects malformed arguments by name", function () {
    expect(parseArgs([])).to.deep.equal({ network: "localhost" });
    expect(parseArgs(["--network", "sepolia"])).to.deep.equal({ network: "sepolia" });
    expect(parseArgs(["--network=base"])).to.deep.equal({ network: "base" });
    expect(() => parseArgs(["--network"])).to.throw(/--network needs a name/);
    expect(() => parseArgs(["--network", "moon"])).to.throw(/unknown network "moon"/);
    expect(() => parseArgs(["--net", "x"])).to.throw(/unknown argument "--net"/);
    expect(() => readDeployment("Bad Name")).to.throw(/lower-case/);
  });
});

describe("scenario errors", function () {
  it("decode a revert into the custom error's name and arguments", async function () {
    const [deployer] = await ethers.getSigners();
    const stack = await deployStack(deployer, { local: true });
    const error = await stack.contracts.market.createSeries(99, stack.addresses.collaterals.USDC, 1n).catch((e: unknown) => e);
    expect(decodeError(error)).to.equal("CoverUnknownProtocol(99)");
    const wrapped = new ScenarioError("create DEMOLEND USDC 2026-12-04", decodeError(error));
    expect(wrapped.message).to.equal('scenario step "create DEMOLEND USDC 2026-12-04" failed: CoverUnknownProtocol(99)');
  });
});
