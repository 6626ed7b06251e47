import { Signature, type TypedDataDomain } from "ethers";
import type { CoverToken } from "../../types/ethers-contracts/index.js";
import type { Signer } from "./marketFixture.js";

const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** The token's EIP-712 domain as ERC-5267 `eip712Domain()` reports it (the only domain to sign with). */
export async function permitDomain(token: CoverToken): Promise<TypedDataDomain> {
  const domain = await token.eip712Domain();
  return { name: domain.name, version: domain.version, chainId: domain.chainId, verifyingContract: domain.verifyingContract };
}

/**
 * An EIP-2612 permit signed by `owner` for `spender`, with the owner's current nonce, over `domain`
 * (by default the one `eip712Domain()` reports). Returns the signature split as `permit` takes it.
 */
export async function signPermit(
  token: CoverToken,
  owner: Signer,
  spender: string,
  value: bigint,
  deadline: bigint,
  domain?: TypedDataDomain,
) {
  const nonce = await token.nonces(owner.address);
  const message = { owner: owner.address, spender, value, nonce, deadline };
  const signature = await owner.signTypedData(domain ?? (await permitDomain(token)), PERMIT_TYPES, message);
  const { v, r, s } = Signature.from(signature);
  return { v, r, s };
}

const POSITION_PERMIT_TYPES = {
  Permit: [
    { name: "spender", type: "address" },
    { name: "tokenId", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** Signs a Uniswap v3 position manager permit for position `tokenId` (domain "Uniswap V3 Positions NFT-V1", "1"). */
export async function signPositionPermit(
  positionManager: any,
  owner: Signer,
  spender: string,
  tokenId: bigint,
  deadline: bigint,
): Promise<{ v: number; r: string; s: string }> {
  const { chainId } = await owner.provider!.getNetwork();
  const domain: TypedDataDomain = {
    name: "Uniswap V3 Positions NFT-V1",
    version: "1",
    chainId,
    verifyingContract: await positionManager.getAddress(),
  };
  const [nonce] = await positionManager.positions(tokenId);
  const signature = await owner.signTypedData(domain, POSITION_PERMIT_TYPES, { spender, tokenId, nonce, deadline });
  const { v, r, s } = Signature.from(signature);
  return { v, r, s };
}
