import { Signature, type Signer, type TypedDataDomain } from "ethers";

/**
 * Signs an EIP-2612 permit. The domain is read from the token's `eip712Domain()` (ERC-5267), as DESIGN.md
 * requires: a cover token clone's domain name differs from its `name()`.
 */
export async function signPermit(
  token: any,
  owner: Signer,
  spender: string,
  value: bigint,
  deadline: bigint,
): Promise<{ v: number; r: string; s: string }> {
  const [, name, version, chainId, verifyingContract] = await token.eip712Domain();
  const domain: TypedDataDomain = { name, version, chainId, verifyingContract };
  const types = {
    Permit: [
      { name: "owner", type: "address" },
      { name: "spender", type: "address" },
      { name: "value", type: "uint256" },
      { name: "nonce", type: "uint256" },
      { name: "deadline", type: "uint256" },
    ],
  };
  const ownerAddress = await owner.getAddress();
  const nonce = await token.nonces(ownerAddress);
  const signature = await owner.signTypedData(domain, types, { owner: ownerAddress, spender, value, nonce, deadline });
  const { v, r, s } = Signature.from(signature);
  return { v, r, s };
}

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
  const types = {
    Permit: [
      { name: "spender", type: "address" },
      { name: "tokenId", type: "uint256" },
      { name: "nonce", type: "uint256" },
      { name: "deadline", type: "uint256" },
    ],
  };
  const [nonce] = await positionManager.positions(tokenId);
  const signature = await owner.signTypedData(domain, types, { spender, tokenId, nonce, deadline });
  const { v, r, s } = Signature.from(signature);
  return { v, r, s };
}
