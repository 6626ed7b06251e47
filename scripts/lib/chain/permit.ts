/**
 * EIP-2612 permits signed over the domain the token itself reports through ERC-5267 `eip712Domain()` (never a
 * domain guessed from the name), and Uniswap v3 position-manager permits. Used by the CLI and the tests alike.
 */
import { Contract, Signature, type Provider, type Signer, type TypedDataDomain } from "ethers";
import type { IPositionManager } from "./contracts.js";

const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

const POSITION_PERMIT_TYPES = {
  Permit: [
    { name: "spender", type: "address" },
    { name: "tokenId", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

const PERMIT_ABI = [
  "function eip712Domain() view returns (bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)",
  "function nonces(address) view returns (uint256)",
];

/** Anything with the two reads a permit needs (a typechain token or a plain ethers Contract). */
export interface PermitToken {
  getAddress(): Promise<string>;
  eip712Domain(): Promise<{ name: string; version: string; chainId: bigint; verifyingContract: string }>;
  nonces(owner: string): Promise<bigint>;
}

/** `address` as a PermitToken read through `runner`. */
export function permitToken(address: string, runner: Provider | Signer): PermitToken {
  return new Contract(address, PERMIT_ABI, runner) as unknown as PermitToken;
}

/** The token's EIP-712 domain as ERC-5267 `eip712Domain()` reports it (the only domain to sign with). */
export async function permitDomain(token: PermitToken): Promise<TypedDataDomain> {
  const domain = await token.eip712Domain();
  return { name: domain.name, version: domain.version, chainId: domain.chainId, verifyingContract: domain.verifyingContract };
}

/** The token's domain if it reports one and keeps permit nonces (ERC-5267 + EIP-2612), else undefined. */
export async function permitDomainIfSupported(token: PermitToken, owner: string): Promise<TypedDataDomain | undefined> {
  try {
    const domain = await permitDomain(token);
    await token.nonces(owner);
    return domain;
  } catch {
    return undefined;
  }
}

/**
 * An EIP-2612 permit signed by `owner` for `spender`, with the owner's current nonce, over `domain` (by default
 * the one `eip712Domain()` reports). Returns the signature split as `permit` takes it.
 */
export async function signPermit(token: PermitToken, owner: Signer, spender: string, value: bigint, deadline: bigint, domain?: TypedDataDomain) {
  const ownerAddress = await owner.getAddress();
  const nonce = await token.nonces(ownerAddress);
  const message = { owner: ownerAddress, spender, value, nonce, deadline };
  const signature = await owner.signTypedData(domain ?? (await permitDomain(token)), PERMIT_TYPES, message);
  const { v, r, s } = Signature.from(signature);
  return { v, r, s };
}

/** Signs a Uniswap v3 position manager permit for position `tokenId` (domain "Uniswap V3 Positions NFT-V1", "1"). */
export async function signPositionPermit(positionManager: IPositionManager, owner: Signer, spender: string, tokenId: bigint, deadline: bigint): Promise<{ v: number; r: string; s: string }> {
  const { chainId } = await owner.provider!.getNetwork();
  const domain: TypedDataDomain = { name: "Uniswap V3 Positions NFT-V1", version: "1", chainId, verifyingContract: await positionManager.getAddress() };
  const [nonce] = await positionManager.positions(tokenId);
  const signature = await owner.signTypedData(domain, POSITION_PERMIT_TYPES, { spender, tokenId, nonce, deadline });
  const { v, r, s } = Signature.from(signature);
  return { v, r, s };
}
