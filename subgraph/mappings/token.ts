// Transfers of CLAIM and NOCLAIM: account positions. Supplies come from the market's Minted/Merged/Redeemed, so
// a transfer touches only the two positions; the token's series and side come from the data source's context.
import { Address, dataSource } from "@graphprotocol/graph-ts";
import { Transfer } from "../generated/templates/CoverToken/ERC20";
import { loadPosition } from "../utils/entities";
import { addBigInt, subBigInt } from "../utils/numbers";

export function handleTransfer(event: Transfer): void {
  onTransfer(event);
}

export function onTransfer(event: Transfer): void {
  const context = dataSource.context();
  const series = context.getBytes("series");
  const claim = context.getBoolean("claim");
  const value = event.params.value;
  const from = event.params.from;
  const to = event.params.to;
  if (!from.equals(Address.zero())) {
    const position = loadPosition(series, from);
    if (claim) position.claimBalance = subBigInt(position.claimBalance, value);
    else position.noclaimBalance = subBigInt(position.noclaimBalance, value);
    position.updatedAt = event.block.timestamp;
    position.save();
  }
  if (!to.equals(Address.zero())) {
    const position = loadPosition(series, to);
    if (claim) position.claimBalance = addBigInt(position.claimBalance, value);
    else position.noclaimBalance = addBigInt(position.noclaimBalance, value);
    position.updatedAt = event.block.timestamp;
    position.save();
  }
}
