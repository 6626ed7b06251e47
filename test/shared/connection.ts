import { network } from "hardhat";

/** One in-process network for the whole test run, so fixtures snapshot and restore it. */
export const connection = await network.create();
export const { ethers } = connection;

type NetworkHelpers = typeof connection.networkHelpers;

/**
 * Hardhat's loadFixture, with the fixture's clock restored too: the next block is stamped one second after
 * the fixture's last block, as if the test ran the moment the fixture ended. Without this, EDR stamps the
 * first block after a snapshot's revert with the wall clock moved on by twice the time since the snapshot was
 * taken (measured here: 4 s after the snapshot the next block came 8 s after it, 16 s after it 32 s), so on a
 * slow run a test that took the fixture's time as "now" could find its "future" already past.
 */
const loadFixture: NetworkHelpers["loadFixture"] = async (fixture) => {
  const data = await connection.networkHelpers.loadFixture(fixture);
  const { time } = connection.networkHelpers;
  await time.setNextBlockTimestamp((await time.latest()) + 1);
  return data;
};

/** The network helpers, with loadFixture as above (every other helper is Hardhat's own). */
export const networkHelpers: NetworkHelpers = Object.assign(Object.create(connection.networkHelpers), { loadFixture });
