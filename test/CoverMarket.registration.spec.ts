import { expect } from "chai";
import { ethers, networkHelpers } from "./shared/connection.js";
import { marketFixture, CLAIM_WINDOW } from "./shared/marketFixture.js";
import { deployResolver } from "./shared/deployResolver.js";

const { loadFixture, time } = networkHelpers;

const HOUR = 3600n;
const DAY = 24n * HOUR;
const MIN_WINDOW = HOUR;
const MAX_WINDOW = 180n * DAY;

describe("CoverMarket: protocol registration", function () {
  it("registers the fixture's protocol as id 1, with the resolver contract as its resolver", async function () {
    const { market, resolver, protocolId } = await loadFixture(marketFixture);
    expect(protocolId).to.equal(1n);
    expect(await market.protocolCount()).to.equal(1n);
    const protocol = await market.protocol(protocolId);
    expect(protocol.resolver).to.equal(await resolver.getAddress());
    expect(protocol.name).to.equal("Test Lending v1");
    expect(protocol.ticker).to.equal("TLEND");
    expect(protocol.metadataURI).to.equal("ipfs://terms/test-lending");
    expect(protocol.claimWindow).to.equal(CLAIM_WINDOW);
    expect(protocol.incidentCount).to.equal(0n);
  });

  it("is done by the resolver in its own deployment, and announces every field with the time", async function () {
    const { market, users } = await loadFixture(marketFixture);
    const registeredAt = (await time.latest()) + 100;
    await time.setNextBlockTimestamp(registeredAt);
    const resolver = await ethers.deployContract(
      "TestResolver",
      [await market.getAddress(), "Stable Peg", "PEG1", "ipfs://peg", 3n * DAY],
      users[0],
    );
    await expect(resolver.deploymentTransaction())
      .to.emit(market, "ProtocolRegistered")
      .withArgs(2n, await resolver.getAddress(), "Stable Peg", "PEG1", "ipfs://peg", 3n * DAY, registeredAt);
    const protocol = await market.protocol(2n);
    expect(protocol.registeredAt).to.equal(BigInt(registeredAt));
    expect(protocol.resolver).to.equal(await resolver.getAddress());
  });

  it("is permissionless: any account registers, ids grow by one, names may repeat", async function () {
    const { market, users } = await loadFixture(marketFixture);
    const registeredAt = (await time.latest()) + 10;
    await time.setNextBlockTimestamp(registeredAt);
    await expect(market.connect(users[1]).registerProtocol("Test Lending v1", "TLEND", "", MIN_WINDOW))
      .to.emit(market, "ProtocolRegistered")
      .withArgs(2n, users[1].address, "Test Lending v1", "TLEND", "", MIN_WINDOW, registeredAt);
    const { protocolId } = await deployResolver(market, users[2]);
    expect(protocolId).to.equal(3n);
    expect(await market.protocolCount()).to.equal(3n);
    expect((await market.protocol(2n)).resolver).to.equal(users[1].address);
  });

  it("accepts the bounds of every field", async function () {
    const { market, users } = await loadFixture(marketFixture);
    const cases: Array<[string, string, bigint]> = [
      ["n".repeat(64), "A", MIN_WINDOW],
      ["x", "ABCDEFGHIJ12", MAX_WINDOW],
      ["é".repeat(32), "0123456789Z", 14n * DAY], // 64 bytes of UTF-8
    ];
    for (const [name, ticker, window] of cases) {
      await expect(market.connect(users[0]).registerProtocol(name, ticker, "ipfs://x", window)).to.emit(
        market,
        "ProtocolRegistered",
      );
    }
    expect(await market.protocolCount()).to.equal(1n + BigInt(cases.length));
  });

  it("refuses a name that is empty or longer than 64 bytes", async function () {
    const { market, users } = await loadFixture(marketFixture);
    for (const name of ["", "n".repeat(65), "é".repeat(33)]) {
      await expect(market.connect(users[0]).registerProtocol(name, "OK", "", CLAIM_WINDOW))
        .to.be.revertedWithCustomError(market, "CoverInvalidName")
        .withArgs(name);
    }
  });

  it("refuses a ticker that is empty, longer than 12, or not upper-case letters and digits", async function () {
    const { market, users } = await loadFixture(marketFixture);
    // The characters either side of A-Z and 0-9 in ASCII, lower case, separators and a 13-character ticker.
    const bad = ["", "ABCDEFGHIJKLM", "tlend", "TLENd", "T-LEND", "T LEND", "@", "[", "/", ":", "AAVE€"];
    for (const ticker of bad) {
      await expect(market.connect(users[0]).registerProtocol("Name", ticker, "", CLAIM_WINDOW))
        .to.be.revertedWithCustomError(market, "CoverInvalidTicker")
        .withArgs(ticker);
    }
  });

  it("refuses a claim window outside [1 hour, 180 days]", async function () {
    const { market, users } = await loadFixture(marketFixture);
    for (const window of [0n, MIN_WINDOW - 1n, MAX_WINDOW + 1n, 2n ** 32n + MIN_WINDOW]) {
      await expect(market.connect(users[0]).registerProtocol("Name", "OK", "", window))
        .to.be.revertedWithCustomError(market, "CoverInvalidClaimWindow")
        .withArgs(window, MIN_WINDOW, MAX_WINDOW);
    }
    expect(await market.protocolCount()).to.equal(1n);
  });

  it("answers CoverUnknownProtocol for an id never registered", async function () {
    const { market } = await loadFixture(marketFixture);
    for (const id of [0n, 2n, 2n ** 32n - 1n]) {
      await expect(market.protocol(id)).to.be.revertedWithCustomError(market, "CoverUnknownProtocol").withArgs(id);
    }
  });
});
