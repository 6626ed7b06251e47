import { expect } from "chai";
import fc from "fast-check";
import { ethers, networkHelpers } from "../shared/connection.js";

const { loadFixture } = networkHelpers;

async function harnessFixture() {
  return ethers.deployContract("ResolverLibrariesHarness");
}

/** The lower median, as Median.sol defines it: the value at index (n - 1) / 2 once sorted. */
function lowerMedian(values: bigint[]): bigint {
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

const id = (phase: bigint, round: bigint) => (phase << 64n) | round;

describe("Resolver libraries", function () {
  it("Median: the lower median of 1 to 32 values, always one of them", async function () {
    const harness = await loadFixture(harnessFixture);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.bigInt({ min: 0n, max: 10n ** 18n }), { minLength: 1, maxLength: 32 }), async (values) => {
        const median = await harness.lowerMedian(values);
        expect(median).to.equal(lowerMedian(values));
        // A majority stands behind it: more than half of the values are at least the median.
        expect(values.filter((v) => v >= median).length * 2).to.be.greaterThan(values.length);
      }),
      { numRuns: 60 },
    );
    expect(await harness.lowerMedian([4n, 1n, 3n, 2n])).to.equal(2n);
  });

  it("ClaimFee: doubles per earlier claim in the window, capped, and opens a new window when it lapsed", async function () {
    const harness = await loadFixture(harnessFixture);
    expect(await Promise.all([0, 1, 2, 3, 95, 96, 200].map((n) => harness.feeAt(3n, 20n, n)))).to.deep.equal([3n, 6n, 12n, 20n, 20n, 20n, 20n]);
    const max96 = 2n ** 96n - 1n;
    expect(await harness.feeAt(max96, max96, 95)).to.equal(max96);
    expect(await harness.nextFee(3n, 20n, 0n, 0n, 100n, 1000n)).to.deep.equal([3n, 1000n, 1n]);
    expect(await harness.nextFee(3n, 20n, 1000n, 1n, 100n, 1099n)).to.deep.equal([6n, 1000n, 2n]);
    expect(await harness.nextFee(3n, 20n, 1000n, 2n, 100n, 1100n)).to.deep.equal([3n, 1100n, 1n]);
    expect(await harness.nextFee(3n, 20n, 1000n, 65535n, 100n, 1050n)).to.deep.equal([20n, 1000n, 65535n]);
  });

  it("RoundId: the next round is +1 in the phase, or round 1 of the next phase", async function () {
    const harness = await loadFixture(harnessFixture);
    expect(await harness.isNextInPhase(id(1n, 5n), id(1n, 6n))).to.equal(true);
    expect(await harness.isNextInPhase(id(1n, 5n), id(1n, 7n))).to.equal(false);
    expect(await harness.isNextInPhase(id(1n, 2n ** 64n - 1n), id(2n, 0n))).to.equal(false);
    expect(await harness.isFirstOfNextPhase(id(1n, 5n), id(2n, 1n))).to.equal(true);
    expect(await harness.isFirstOfNextPhase(id(1n, 5n), id(2n, 2n))).to.equal(false);
    expect(await harness.isFirstOfNextPhase(id(1n, 5n), id(3n, 1n))).to.equal(false);
    expect(await harness.isFirstOfNextPhase(id(2n ** 16n - 1n, 5n), id(0n, 1n))).to.equal(false);
  });
});
