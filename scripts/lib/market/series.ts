/**
 * One series concept, as the contracts define it (contracts/libraries/SeriesLib.sol, contracts/CoverToken.sol):
 *
 * - its id is keccak256(abi.encode(uint32 protocolId, address collateral, uint256 expiry)), computed here, never
 *   asked of a node;
 * - its CLAIM and NOCLAIM tokens are OpenZeppelin clones (with immutable arguments seriesId, side, decimals) of
 *   the market's token implementation, at CREATE2 addresses salted by the id: computed here too, before the
 *   series exists as after;
 * - its handle, TICKER-YYYY-MM-DD-COLLATERAL, is what its CLAIM token's symbol says after "CLAIM-": the protocol's
 *   ticker, the expiry's UTC date and the collateral's symbol as the market read it (TokenMetadata.symbolOf, the
 *   `collateralSymbol` of SeriesCreated that the subgraph stores). The `cover` CLI, npm start's table and
 *   `cover risk` all name series by it;
 * - loading one costs two calls: the market's `series(id)`, then its CLAIM token's `symbol()` (both at once when
 *   the CLAIM token's address is known beforehand).
 */
import { AbiCoder, concat, getCreate2Address, getCreateAddress, keccak256, solidityPacked, toBeHex, type ContractRunner } from "ethers";
import { contractAt } from "../chain/artifacts.js";
import type { CoverMarket, CoverToken } from "../chain/contracts.js";
import { isoDate } from "./calendar.js";
import { seriesHandle } from "./handle.js";
import { Side, sideToken } from "./enums.js";

/** The series' id, as SeriesLib.id computes it (lower-case hex). */
export function seriesIdOf(protocolId: bigint | number, collateral: string, expiry: bigint | number): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(["uint32", "address", "uint256"], [protocolId, collateral, expiry]));
}

/**
 * The market's cover token implementation: the first contract the market creates (in its constructor), so the
 * CREATE address of the market at nonce 1 (a contract's nonce starts at 1, EIP-161).
 */
export function tokenImplementationOf(market: string): string {
  return getCreateAddress({ from: market, nonce: 1 });
}

/** The CREATE2 address of an OpenZeppelin clone with immutable arguments `args` (Clones.sol v5). */
function cloneAddress(deployer: string, implementation: string, args: string, salt: string): string {
  const initCode = concat(["0x61", toBeHex((args.length - 2) / 2 + 0x2d, 2), "0x3d81600a3d39f3363d3d373d3d3d363d73", implementation, "0x5af43d82803e903d91602b57fd5bf3", args]);
  return getCreate2Address(deployer, salt, keccak256(initCode));
}

/** The CLAIM and NOCLAIM addresses of series `seriesId` of `market` whose collateral has `decimals` (SeriesLib.tokens). */
export function seriesTokenAddresses(market: string, seriesId: string, decimals: number | bigint, implementation = tokenImplementationOf(market)): { claim: string; noclaim: string } {
  const args = (side: number) => solidityPacked(["bytes32", "uint8", "uint8"], [seriesId, side, decimals]);
  return { claim: cloneAddress(market, implementation, args(Side.Claim), seriesId), noclaim: cloneAddress(market, implementation, args(Side.Noclaim), seriesId) };
}

/** A series' handle from its parts: TICKER-YYYY-MM-DD-COLLATERAL (see the file's comment; handle.ts holds the rule). */
export { seriesHandle };

/** What every tool knows of a series once loaded. */
export interface SeriesView {
  /** Lower-case hex. */
  id: string;
  protocolId: number;
  /** The protocol's ticker and the collateral's symbol, as the market read it at creation. */
  ticker: string;
  collateralSymbol: string;
  /** TICKER-YYYY-MM-DD-COLLATERAL. */
  handle: string;
  collateral: string;
  decimals: number;
  /** Unix seconds. */
  expiry: number;
  claim: string;
  noclaim: string;
}

/** What a CLAIM token's symbol starts with (CoverToken.symbol). */
const CLAIM_PREFIX = `${sideToken(Side.Claim)}-`;

/**
 * Series `id` of `market`, in two calls: the market's `series(id)` (it reverts CoverUnknownSeries for an unknown id),
 * then the CLAIM token's `symbol()`, whose text after "CLAIM-" is the handle, built on chain from the protocol's
 * ticker, the expiry's date and the collateral's symbol as the market reads it. The token addresses are computed.
 */
export async function loadSeries(market: CoverMarket, id: string, runner: ContractRunner, knownClaim?: string): Promise<SeriesView> {
  // With the CLAIM token's address already known (a deployment file's), both calls go at once (one batch); the
  // symbol is used only if the address computed from the market's answer is that one.
  const early = knownClaim === undefined ? undefined : contractAt<CoverToken>("CoverToken", knownClaim, runner).symbol();
  early?.catch(() => {});
  const s = await market.series(id);
  const decimals = Number(s.decimals);
  const { claim, noclaim } = seriesTokenAddresses(String(market.target), id, decimals);
  const symbol: string = early && knownClaim!.toLowerCase() === claim.toLowerCase() ? await early : await contractAt<CoverToken>("CoverToken", claim, runner).symbol();
  const expiry = Number(s.expiry);
  const handle = symbol.startsWith(CLAIM_PREFIX) ? symbol.slice(CLAIM_PREFIX.length) : "";
  const ticker = handle.split("-")[0];
  const collateralSymbol = handle.slice(seriesHandle(ticker, expiry, "").length);
  if (!ticker || seriesHandle(ticker, expiry, collateralSymbol) !== handle) {
    throw new Error(`series ${id}: its CLAIM token ${claim} has the symbol ${JSON.stringify(symbol)}, not CLAIM-TICKER-${isoDate(BigInt(expiry))}-COLLATERAL`);
  }
  return { id: id.toLowerCase(), protocolId: Number(s.protocolId), ticker, collateralSymbol, handle, collateral: s.collateral, decimals, expiry, claim, noclaim };
}
