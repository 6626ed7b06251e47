import { network } from "hardhat";

/** One in-process network for the whole test run, so fixtures snapshot and restore it. */
export const connection = await network.connect();
export const { ethers, networkHelpers } = connection;
