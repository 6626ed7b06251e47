/**
 * `npm run bench:gas`: deploys on the in-process network, measures gas from receipts, prints a table
 * beside the targets and anchors of the issues, and writes reports/gas.json (a flat object of integers).
 */
import { network } from "hardhat";
import { writeGasReport, type GasRow } from "./bench/gasReport.js";
import { measureCore } from "./bench/gasCore.js";
import { measureResolvers } from "./bench/gasResolvers.js";
import { measureAmm } from "./bench/gasAmm.js";
import { measureVault } from "./bench/gasVault.js";

const { ethers } = await network.create();
const rows: GasRow[] = [
  ...(await measureCore(ethers)),
  ...(await measureResolvers(ethers)),
  ...(await measureAmm(ethers)),
  ...(await measureVault(ethers)),
];
writeGasReport("gas", rows);
