/**
 * Many transactions to a block on a local node (hardhat node), the way a script would send them one after the other:
 * while batching, automine is off and every transaction sent waits in the node's mempool (in the order sent: the
 * network's mempool is fifo, hardhat.config.ts) until something needs the chain's state. Any call that reads state
 * or moves the clock first mines everything pending as one block, so each read sees every transaction sent before
 * it, exactly as with automine; only fewer blocks are mined. Gas is not estimated (an estimate would run on the
 * last block, without the pending transactions): each transaction gets BATCHED_GAS_LIMIT, and the network's block
 * gas limit holds hundreds of them. A transaction that reverted is found when its block is mined: the batch then
 * throws a BatchedRevertError with the label current when it was sent and its revert data (from
 * debug_traceTransaction), so errors can be decoded as before. Reads repeated on the same block (the same eth_call
 * while nothing was sent, mined or moved since) are answered from the first answer: the same state gives the same answer.
 */
import { toQuantity, type JsonRpcProvider } from "ethers";

/** Every batched transaction's gas limit: 2^24, the most a transaction may have (EIP-7825). */
export const BATCHED_GAS_LIMIT = 1n << 24n;

/** Calls that neither read the chain's state nor change it: they never mine the pending transactions first. */
const PASSIVE = new Set(["eth_chainId", "net_version", "eth_accounts", "eth_blockNumber", "eth_getTransactionByHash", "web3_clientVersion"]);
/** Calls that read the chain without changing it: an eth_call's cached answer stays good across them. */
const READS = new Set(["eth_call", "eth_getBlockByNumber", "eth_getBlockByHash", "eth_getTransactionReceipt", "eth_getCode", "eth_getBalance", "eth_getStorageAt", "eth_getLogs"]);

/** A batched transaction that reverted, found when its block was mined. */
export class BatchedRevertError extends Error {
  constructor(readonly label: string, readonly hash: string, readonly data: string | undefined) {
    super(`transaction ${hash} (${label}) reverted${data ? ` with ${data.slice(0, 74)}` : ""}`);
  }
}

interface Pending {
  hash: string;
  label: string;
}

export class BlockBatcher {
  /** Names what is being sent now (a BatchedRevertError carries the label of its transaction). */
  label = "";
  /** Blocks mined by flush() and transactions sent, while batching. */
  readonly stats = { blocks: 0, transactions: 0, callsAnswered: 0, callsCached: 0 };
  /** eth_call answers on the latest block, by request, until the chain next changes. */
  private calls = new Map<string, Promise<unknown>>();
  private pending: Pending[] = [];
  private flushing?: Promise<void>;
  private failed?: BatchedRevertError;
  private readonly send: JsonRpcProvider["send"];

  private constructor(private readonly provider: JsonRpcProvider) {
    this.send = provider.send.bind(provider);
  }

  /**
   * Runs `fn` with `provider` batching (see the file's comment); mines what is left at the end and turns automine
   * back on, also when `fn` throws. Only the scenario's own calls may go through the provider meanwhile.
   */
  static async run<T>(provider: JsonRpcProvider, fn: (batcher: BlockBatcher) => Promise<T>): Promise<T> {
    const batcher = new BlockBatcher(provider);
    await batcher.send("evm_setAutomine", [false]);
    provider.send = (method: string, params: any[] | Record<string, any>) => batcher.call(method, params as any[]);
    try {
      const result = await fn(batcher);
      await batcher.flush();
      return result;
    } finally {
      provider.send = batcher.send;
      if (batcher.pending.length) await batcher.send("evm_mine", []).catch(() => {});
      await batcher.send("evm_setAutomine", [true]);
    }
  }

  private async call(method: string, params: any[]): Promise<any> {
    if (method === "eth_estimateGas") return toQuantity(BATCHED_GAS_LIMIT);
    if (method === "eth_sendTransaction") {
      if (this.failed) throw this.failed;
      const hash: string = await this.send(method, [{ ...params[0], gas: toQuantity(BATCHED_GAS_LIMIT) }]);
      this.pending.push({ hash, label: this.label });
      this.stats.transactions++;
      return hash;
    }
    if (PASSIVE.has(method)) return this.send(method, params);
    await this.flush();
    if (method === "eth_call" && (params[1] === undefined || params[1] === "latest")) {
      const key = JSON.stringify(params[0]);
      let answer = this.calls.get(key);
      if (answer) this.stats.callsCached++;
      else {
        answer = this.send(method, params);
        answer.catch(() => this.calls.delete(key)); // a failed call is asked again
        this.calls.set(key, answer);
        this.stats.callsAnswered++;
      }
      return answer;
    }
    if (!READS.has(method)) this.calls.clear(); // evm_increaseTime, evm_mine, ...: the state may change
    return this.send(method, params);
  }

  /** Mines every pending transaction as one block; throws a BatchedRevertError for the first that reverted. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.failed) throw this.failed;
    if (this.pending.length === 0) return;
    this.flushing = this.mine().finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  private async mine(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.calls.clear();
    await this.send("evm_mine", []);
    this.stats.blocks++;
    const receipts = await Promise.all(batch.map((p) => this.send("eth_getTransactionReceipt", [p.hash])));
    const missing = batch.filter((_, i) => receipts[i] === null);
    if (missing.length) throw new Error(`${missing.length} of ${batch.length} transactions did not fit in the block mined for them (the first: ${missing[0].label}); the network's block gas limit is too low for batching`);
    const i = receipts.findIndex((r) => BigInt(r.status) !== 1n);
    if (i >= 0) {
      const trace = await this.send("debug_traceTransaction", [batch[i].hash, { disableStack: true, disableMemory: true, disableStorage: true }]).catch(() => undefined);
      const value: string | undefined = trace?.returnValue;
      const data = value ? (value.startsWith("0x") ? value : `0x${value}`) : undefined;
      this.failed = new BatchedRevertError(batch[i].label, batch[i].hash, data && data.length > 2 ? data : undefined);
      throw this.failed;
    }
  }
}
