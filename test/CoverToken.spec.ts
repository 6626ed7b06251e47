import { expect } from "chai";
import { TypedDataEncoder } from "ethers";
import { ethers, networkHelpers } from "./shared/connection.js";
import { marketFixture, seriesHandle } from "./shared/marketFixture.js";
import { permitDomain, signPermit } from "../scripts/lib/chain/permit.js";
import { now } from "./shared/clock.js";
import { firstExpiryAfter, isoDate, WEEK } from "../scripts/lib/market/calendar.js";

const { loadFixture, time } = networkHelpers;

const USDC = 10n ** 6n;
/** A permit deadline no run of these tests can reach, for the permits that are not about their deadline. */
const FAR = 52n * WEEK;

/** The fixture with alice holding 100 of each side of the usdc series. */
async function withHolder() {
  const f = await marketFixture();
  const [alice] = f.users;
  await f.market.connect(alice).mint(f.usdcSeries.id, 100n * USDC, alice.address, alice.address);
  return f;
}

describe("CoverToken", function () {
  describe("metadata", function () {
    it("names each side for a person: protocol, side, expiry date and collateral", async function () {
      const { usdcSeries, daiSeries, expiry } = await loadFixture(marketFixture);
      const date = isoDate(expiry);
      const expected: Array<[any, string, string]> = [
        [usdcSeries.claim, `Test Lending v1 CLAIM ${date} USDC`, `CLAIM-TLEND-${date}-USDC`],
        [usdcSeries.noclaim, `Test Lending v1 NOCLAIM ${date} USDC`, `NOCLAIM-TLEND-${date}-USDC`],
        [daiSeries.claim, `Test Lending v1 CLAIM ${date} DAI`, `CLAIM-TLEND-${date}-DAI`],
        [daiSeries.noclaim, `Test Lending v1 NOCLAIM ${date} DAI`, `NOCLAIM-TLEND-${date}-DAI`],
      ];
      for (const [token, name, symbol] of expected) {
        expect(await token.name()).to.equal(name);
        expect(await token.symbol()).to.equal(symbol);
      }
      expect(date).to.match(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(Number(expiry) * 1000).getUTCDay()).to.equal(5); // a Friday
    });

    it("dates every expiry of the coming 52 weeks right, across month and year ends", async function () {
      const { market, protocolId } = await loadFixture(marketFixture);
      const collateral = await (await ethers.deployContract("TestERC20", ["Wrapped Ether", "WETH", 18])).getAddress();
      const start = firstExpiryAfter(await now());
      for (let k = 1n; k < 52n; k++) {
        const expiry = start + k * WEEK;
        await market.createSeries(protocolId, collateral, expiry);
        const { claim } = await seriesHandle(market, protocolId, collateral, expiry);
        expect(await claim.symbol()).to.equal(`CLAIM-TLEND-${isoDate(expiry)}-WETH`);
      }
    });

    it("knows its market, series, side and the collateral's decimals", async function () {
      const { market, usdcSeries, daiSeries } = await loadFixture(marketFixture);
      for (const [series, decimals] of [[usdcSeries, 6n], [daiSeries, 18n]] as const) {
        for (const [token, side] of [[series.claim, 0n], [series.noclaim, 1n]] as const) {
          expect(await token.market()).to.equal(await market.getAddress());
          expect(await token.seriesId()).to.equal(series.id);
          expect(await token.side()).to.equal(side);
          expect(await token.decimals()).to.equal(decimals);
        }
      }
    });
  });

  describe("supply", function () {
    it("lets nobody but the market mint or burn, not even on the implementation", async function () {
      const { market, usdcSeries, users } = await loadFixture(withHolder);
      const [alice, mallory] = users;
      const implementation = await ethers.getContractAt("CoverToken", await market.tokenImplementation());
      for (const token of [usdcSeries.claim, usdcSeries.noclaim, implementation]) {
        await expect(token.connect(mallory).mint(mallory.address, 1n))
          .to.be.revertedWithCustomError(token, "CoverTokenUnauthorized")
          .withArgs(mallory.address);
        await expect(token.connect(mallory).burn(alice.address, 1n))
          .to.be.revertedWithCustomError(token, "CoverTokenUnauthorized")
          .withArgs(mallory.address);
      }
      expect(await usdcSeries.claim.totalSupply()).to.equal(100n * USDC);
    });

    it("moves like any ERC20: transfer, approve and transferFrom", async function () {
      const { usdcSeries, users } = await loadFixture(withHolder);
      const [alice, bob, carol] = users;
      await expect(usdcSeries.claim.connect(alice).transfer(bob.address, 30n * USDC)).to.changeTokenBalances(
        ethers,
        usdcSeries.claim,
        [alice, bob],
        [-30n * USDC, 30n * USDC],
      );
      await usdcSeries.noclaim.connect(alice).approve(carol.address, 5n * USDC);
      await expect(usdcSeries.noclaim.connect(carol).transferFrom(alice.address, bob.address, 5n * USDC)).to.changeTokenBalances(
        ethers,
        usdcSeries.noclaim,
        [alice, bob],
        [-5n * USDC, 5n * USDC],
      );
      await expect(usdcSeries.noclaim.connect(carol).transferFrom(alice.address, bob.address, 1n))
        .to.be.revertedWithCustomError(usdcSeries.noclaim, "ERC20InsufficientAllowance")
        .withArgs(carol.address, 0n, 1n);
    });
  });

  describe("permit (EIP-2612)", function () {
    it("reports its EIP-712 domain through eip712Domain(), bound to the clone's own address", async function () {
      const { usdcSeries } = await loadFixture(marketFixture);
      const { chainId } = await ethers.provider.getNetwork();
      for (const token of [usdcSeries.claim, usdcSeries.noclaim]) {
        const domain = await permitDomain(token);
        expect(domain).to.deep.equal({
          name: "Cover Market Token",
          version: "1",
          chainId,
          verifyingContract: await token.getAddress(),
        });
        expect(await token.DOMAIN_SEPARATOR()).to.equal(TypedDataEncoder.hashDomain(domain));
      }
    });

    it("sets an allowance from a signature over that domain, once", async function () {
      const { usdcSeries, users } = await loadFixture(withHolder);
      const [alice, bob] = users;
      const token = usdcSeries.claim;
      const deadline = (await now()) + FAR;
      const { v, r, s } = await signPermit(token, alice, bob.address, 20n * USDC, deadline);
      await expect(token.connect(bob).permit(alice.address, bob.address, 20n * USDC, deadline, v, r, s))
        .to.emit(token, "Approval")
        .withArgs(alice.address, bob.address, 20n * USDC);
      expect(await token.nonces(alice.address)).to.equal(1n);
      await expect(token.connect(bob).transferFrom(alice.address, bob.address, 20n * USDC)).to.changeTokenBalance(
        ethers,
        token,
        bob,
        20n * USDC,
      );
      await expect(token.connect(bob).permit(alice.address, bob.address, 20n * USDC, deadline, v, r, s)).to.be.revertedWithCustomError(
        token,
        "ERC2612InvalidSigner",
      );
    });

    it("refuses a signature over the token's name(), over the other side's domain, or past its deadline", async function () {
      const { usdcSeries, users } = await loadFixture(withHolder);
      const [alice, bob] = users;
      const token = usdcSeries.claim;
      const deadline = (await now()) + FAR;
      const byName = { ...(await permitDomain(token)), name: await token.name() };
      const otherSide = await permitDomain(usdcSeries.noclaim);
      for (const domain of [byName, otherSide]) {
        const { v, r, s } = await signPermit(token, alice, bob.address, 1n, deadline, domain);
        await expect(token.permit(alice.address, bob.address, 1n, deadline, v, r, s))
          .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
          .withArgs((signer: string) => signer !== alice.address, alice.address);
      }
      const expired = (await now()) + 5n;
      const { v, r, s } = await signPermit(token, alice, bob.address, 1n, expired);
      await time.setNextBlockTimestamp(expired + 1n);
      await expect(token.permit(alice.address, bob.address, 1n, expired, v, r, s))
        .to.be.revertedWithCustomError(token, "ERC2612ExpiredSignature")
        .withArgs(expired);
      expect(await token.allowance(alice.address, bob.address)).to.equal(0n);
    });
  });
});
