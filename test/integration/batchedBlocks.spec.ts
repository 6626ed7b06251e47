/**
 * Integration (tools): how npm start's scenario mines its transactions many to a block (scripts/lib/chain/batchedBlocks.ts)
 * on a `hardhat node` of the demo network (fifo mempool), and how the subgraph's cached build is specialised for a
 * deployment (scripts/lib/services/subgraphBuild.ts). Unlike demo.spec.ts it runs no scenario and no indexer: a node,
 * the stack, and a few transactions whose blocks, order and reverts are checked one by one.
 */
import { expect } from "chai";
import { BatchedRevertError, BlockBatcher, BATCHED_GAS_LIMIT } from "../../scripts/lib/chain/batchedBlocks.js";
import { localProvider } from "../../scripts/lib/chain/provider.js";
import { decodeError } from "../../scripts/lib/chain/revert.js";
import { deployStack, type Stack } from "../../scripts/lib/deploy/stack.js";
import { castOf, ScenarioError, Stage } from "../../scripts/lib/scenario/stage.js";
import { startHardhatNode, type HardhatNode } from "../../scripts/lib/services/hardhatNode.js";
import { BUILD_CACHE_CONFIG, specialiseBuiltManifest } from "../../scripts/lib/services/subgraphBuild.js";
import { renderManifest } from "../../scripts/lib/subgraph/manifest.js";

describe("batched blocks: the scenario's transactions, many to a block", function () {
  this.timeout(120_000);
  let node: HardhatNode;
  let stack: Stack;
  let p: ReturnType<typeof localProvider>;

  // One provider for the stack and the batch, as npm start has: the stack's contracts read through it.
  before(async function () {
    node = await startHardhatNode();
    p = localProvider(node.url);
    stack = await deployStack(await p.getSigner(0), { local: true, guardian: await (await p.getSigner(1)).getAddress() });
  });
  after(async function () {
    await node?.stop();
  });

  it("mines what was sent as one block, in the order sent, before the next read; automine is back afterwards", async function () {
    const cast = await castOf(p);
    const usdc = stack.contracts.collaterals.USDC;
    const before = await p.getBlockNumber();
    const senders = [cast.lp, cast.hedger, cast.trader];
    const hashes: string[] = [];
    const balances = await BlockBatcher.run(p, async (batcher) => {
      for (const [i, who] of senders.entries()) {
        hashes.push((await usdc.connect(who).mint(who.address, BigInt(i + 1) * 1_000_000n)).hash);
        // Sent, not mined: the chain has not moved.
        expect(await p.send("eth_blockNumber", [])).to.equal(`0x${before.toString(16)}`);
      }
      const read = await Promise.all(senders.map((who) => usdc.balanceOf(who.address))); // mines the three first
      expect(batcher.stats).to.deep.include({ blocks: 1, transactions: 3, callsAnswered: 3, callsCached: 0 });
      // The same read on the same block is answered from the first answer; after a transaction, by the node again.
      expect(await usdc.balanceOf(cast.lp.address)).to.equal(1_000_000n);
      expect(batcher.stats.callsCached).to.equal(1);
      await usdc.connect(cast.lp).mint(cast.lp.address, 5n);
      expect(await usdc.balanceOf(cast.lp.address)).to.equal(1_000_005n);
      expect(batcher.stats).to.deep.include({ blocks: 2, transactions: 4, callsAnswered: 4, callsCached: 1 });
      // A clock move clears it too: the next read goes to the node.
      await p.send("evm_increaseTime", [60]);
      await usdc.balanceOf(cast.lp.address);
      expect(batcher.stats.callsAnswered).to.equal(5);
      return read;
    });
    expect(balances).to.deep.equal([1_000_000n, 2_000_000n, 3_000_000n]);
    expect(await usdc.balanceOf(cast.lp.address)).to.equal(1_000_005n);
    const receipts = await Promise.all(hashes.map((h) => p.getTransactionReceipt(h)));
    expect(receipts.map((r) => r!.blockNumber)).to.deep.equal([before + 1, before + 1, before + 1]);
    expect(receipts.map((r) => r!.index)).to.deep.equal([0, 1, 2]);
    const tx = await p.getTransaction(hashes[0]);
    expect(tx!.gasLimit).to.equal(BATCHED_GAS_LIMIT);
    // Automine again: a transaction is mined as it is sent.
    const after = await (await usdc.connect(cast.lp).mint(cast.lp.address, 1n)).wait();
    expect(after!.blockNumber).to.equal(before + 3);
  });

  it("a revert found when its block is mined names the step that sent it, with the decoded custom error", async function () {
    const cast = await castOf(p);
    const usdc = stack.contracts.collaterals.USDC;
    let error: unknown;
    await BlockBatcher.run(p, async (batcher) => {
      const stage = new Stage(p, stack, cast, 1, () => {}, batcher);
      await stage.step("create a series of protocol 99", () => stage.send(stack.contracts.market.connect(cast.deployer).createSeries(99, stack.addresses.collaterals.USDC, 1n)));
      // The next step's read mines the block and finds the revert.
      error = await stage.step("read a balance", () => usdc.balanceOf(cast.lp.address)).catch((e: unknown) => e);
      // Nothing more is sent once a batched transaction has reverted.
      expect(await usdc.connect(cast.lp).mint(cast.lp.address, 1n).catch((e: unknown) => e)).to.be.instanceOf(BatchedRevertError);
    }).catch((e: unknown) => expect(e).to.be.instanceOf(BatchedRevertError));
    expect(error).to.be.instanceOf(ScenarioError);
    expect((error as ScenarioError).message).to.equal('scenario step "create a series of protocol 99" failed: CoverUnknownProtocol(99)');
    expect(decodeError((error as ScenarioError).cause)).to.equal("CoverUnknownProtocol(99)");
    // Automine is back on after the failure.
    const receipt = await (await usdc.connect(cast.lp).mint(cast.lp.address, 1n)).wait();
    expect(receipt!.status).to.equal(1);
  });
});

describe("the subgraph's cached build, specialised for a deployment", function () {
  const config = {
    network: "localhost",
    market: { address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", startBlock: 7 },
    factory: { address: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", startBlock: 3 },
  };

  it("replaces every placeholder of the cached manifest with the deployment's values, and nothing else", function () {
    const cached = renderManifest(BUILD_CACHE_CONFIG);
    expect(specialiseBuiltManifest(cached, config)).to.equal(renderManifest(config));
  });

  it("refuses a cached manifest whose placeholders are not where the template puts them", function () {
    const cached = renderManifest(BUILD_CACHE_CONFIG).replace(`startBlock: ${BUILD_CACHE_CONFIG.factory.startBlock}`, "startBlock: 0");
    expect(() => specialiseBuiltManifest(cached, config)).to.throw(/has 0 factory start block placeholder\(s\) where 1 were expected: delete .*cache and retry/);
  });
});
