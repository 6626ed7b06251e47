import { network } from "hardhat";

/** One in-process network for the whole test run, so fixtures snapshot and restore it. */
export const connection = await network.create();
export const { ethers, networkHelpers } = connection;
