// Every block: status follows time. A series expires, and settles by time alone, with no event; the block handler
// reads one small entity on most blocks and does the work only when the next such change is due.
import { ethereum } from "@graphprotocol/graph-ts";
import { Config, CONFIG } from "../utils/config";
import { runClock } from "../utils/settlement";

export function handleBlock(block: ethereum.Block): void {
  onBlock(block, CONFIG);
}

export function onBlock(block: ethereum.Block, config: Config): void {
  runClock(block.timestamp, config);
}
