/**
 * What every command starts from: the network's deployment file, a provider that answers (else "no market
 * running" and how to start one), the contracts, a signer (COVER_PRIVATE_KEY, or on a local chain the node's
 * first unlocked account; never a flag), and series lookup by handle, id or token address.
 */
import { Contract, Interface, JsonRpcProvider, JsonRpcSigner, Network, NonceManager, Wallet, type BaseContract, type ContractEventName, type ContractRunner, type EventLog, type Signer } from "ethers";
import { isoDate } from "../lib/market/calendar.js";
import { loadSeries, seriesHandle, seriesIdOf, type SeriesView } from "../lib/market/series.js";
import { decodeError } from "../lib/chain/revert.js";
import { contractAt } from "../lib/chain/artifacts.js";
import type { CommitteeResolver, CoverMarket, CoverQuoter, CoverRiskOracle, CoverRouter, ParametricResolver } from "../lib/chain/contracts.js";
import { rpc } from "../lib/chain/rpc.js";
import { readDeployment, type DeployedSeries, type DeploymentFile } from "../lib/deploy/deploymentFile.js";
import { CliError, usage } from "./errors.js";
import { curated } from "../lib/deploy/curated.js";
import { isListedProtocol, isListedSeries } from "../lib/market/listing.js";
import { parseAddress, parseSeriesRef } from "./parse.js";
import { keystoreValue } from "./keystore.js";
import { setDryRun } from "./dryRun.js";
import { didYouMean } from "../lib/format/suggest.js";

/** The name of the key, in the environment and in Hardhat's keystore. */
const KEY_NAME = "COVER_PRIVATE_KEY";

export interface GlobalOptions {
  network: string;
  rpc?: string;
  json?: boolean;
  /** --dry-run: simulate and print every transaction instead of sending it (dryRun.ts). */
  dryRun?: boolean;
  /** --yes: accept what a trade would otherwise refuse as risky (slippage above 5%, price impact above 2%). */
  yes?: boolean;
  /** Folder of deployment files (default deployments/; COVER_DEPLOYMENTS_DIR). */
  deployments?: string;
}

/** A series as the CLI shows it: as loaded (market/series.ts), and whether it is on the network's curated list. */
export interface SeriesInfo extends SeriesView {
  listed: boolean;
}

const ERC20_ABI = [
  "function balanceOf(address) view returns (uint256)",
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
  "function allowance(address,address) view returns (uint256)",
  "function approve(address,uint256) returns (bool)",
  "function transfer(address,uint256) returns (bool)",
];

let erc20Interface: Interface | undefined;

/** Blocks per eth_getLogs request (public RPCs commonly refuse wider ranges). */
const LOG_CHUNK = 10_000;

export class Context {
  readonly contracts: { market: CoverMarket; quoter: CoverQuoter; riskOracle: CoverRiskOracle; router: CoverRouter; committee: CommitteeResolver; parametric: ParametricResolver };
  private symbols = new Map<string, string>();

  private constructor(readonly options: GlobalOptions, readonly deployment: DeploymentFile, readonly provider: JsonRpcProvider, readonly rpcUrl: string) {
    const a = deployment.addresses;
    this.contracts = {
      market: contractAt<CoverMarket>("CoverMarket", a.market, provider),
      quoter: contractAt<CoverQuoter>("CoverQuoter", a.coverQuoter, provider),
      riskOracle: contractAt<CoverRiskOracle>("CoverRiskOracle", a.coverRiskOracle, provider),
      router: contractAt<CoverRouter>("CoverRouter", a.coverRouter, provider),
      committee: contractAt<CommitteeResolver>("CommitteeResolver", a.committeeResolver, provider),
      parametric: contractAt<ParametricResolver>("ParametricResolver", a.parametricResolver, provider),
    };
  }

  /** Reads the deployment and checks that a market answers at its RPC. */
  static async open(options: GlobalOptions): Promise<Context> {
    const dir = options.deployments ?? process.env.COVER_DEPLOYMENTS_DIR;
    let deployment: DeploymentFile;
    try {
      deployment = dir ? readDeployment(options.network, dir) : readDeployment(options.network);
    } catch (error) {
      const local = options.network === "localhost";
      throw new CliError(`${(error as Error).message}${local ? "\nStart a local market with `npm start` (it writes deployments/localhost.json)." : ""}`);
    }
    const rpcUrl = options.rpc ?? process.env.COVER_RPC ?? deployment.rpcUrl;
    if (!rpcUrl) throw usage(`no RPC for network "${options.network}": pass --rpc <url> or set COVER_RPC`);
    const howToStart =
      options.network === "localhost"
        ? ` deployments/localhost.json is from an npm start of ${deployment.deployedAt}; if that one has stopped (or is still starting), start a local market with \`npm start\` and keep it running.`
        : "";
    let chainId: number;
    // Plain requests first (ethers' provider would retry forever against a closed port), both at once: the chain's
    // id, and whether the market's contract is there (read only once the chain is the right one).
    const signal = AbortSignal.timeout(5000);
    const marketCode = rpc<string>(rpcUrl, "eth_getCode", [deployment.addresses.market, "latest"], signal).catch(() => undefined);
    try {
      chainId = Number(await rpc(rpcUrl, "eth_chainId", [], signal));
    } catch {
      throw new CliError(`no market running at ${rpcUrl}: nothing answers there.${howToStart}`);
    }
    if (chainId !== deployment.chainId) {
      throw new CliError(`the RPC at ${rpcUrl} is chain ${chainId}, but deployments/${options.network}.json is chain ${deployment.chainId}`);
    }
    const provider = new JsonRpcProvider(rpcUrl, Network.from(chainId), { staticNetwork: true });
    if (((await marketCode) ?? (await provider.getCode(deployment.addresses.market))) === "0x") {
      provider.destroy();
      throw new CliError(`no market running at ${rpcUrl}: no contract at the market address ${deployment.addresses.market} (the chain was restarted?).${howToStart}`);
    }
    setDryRun(options.dryRun, options.json);
    return new Context(options, deployment, provider, rpcUrl);
  }

  close(): void {
    this.provider.destroy();
  }

  /**
   * The signer: COVER_PRIVATE_KEY from the environment, else from Hardhat's keystore (keystore.ts), else on a local
   * chain (chain id 31337) the node's first unlocked account. Never a flag.
   */
  signer(): Promise<Signer> {
    this.signerOnce ??= this.findSigner();
    return this.signerOnce;
  }

  private signerOnce?: Promise<Signer>;

  private async findSigner(): Promise<Signer> {
    let key = process.env.COVER_PRIVATE_KEY;
    let from = "COVER_PRIVATE_KEY";
    if (!key) {
      key = await keystoreValue(KEY_NAME);
      from = `Hardhat's keystore entry ${KEY_NAME}`;
    }
    if (key) {
      try {
        // NonceManager counts nonces itself: ethers caches identical reads for a moment, so a second transaction
        // right after a first (an approval, then the action) would otherwise reuse its nonce.
        return new NonceManager(new Wallet(key, this.provider));
      } catch {
        throw usage(`${from} is not a private key (0x and 64 hex digits)`);
      }
    }
    if (this.deployment.chainId === 31337) {
      const accounts: string[] = await this.provider.send("eth_accounts", []);
      // The signer of an account the node has just listed (provider.getSigner would ask for the list again).
      if (accounts.length > 0) return new JsonRpcSigner(this.provider, accounts[0]);
    }
    throw usage(`no key: set COVER_PRIVATE_KEY in the environment or store it with \`npx hardhat keystore set ${KEY_NAME}\` (keys are never taken from a flag)`);
  }

  /** The account a read command is about: the argument, else the signer's address. */
  async account(arg?: string): Promise<string> {
    if (arg) return parseAddress(arg, "account");
    return (await this.signer()).getAddress();
  }

  erc20(address: string, runner: ContractRunner = this.provider): Contract {
    erc20Interface ??= new Interface(ERC20_ABI); // parsed once: positions builds two per series
    return new Contract(address, erc20Interface, runner);
  }

  /** A token's symbol as the token reports it (its address if it has none), read once per run. */
  async symbolOf(address: string): Promise<string> {
    const key = address.toLowerCase();
    if (!this.symbols.has(key)) {
      let symbol = address;
      try {
        symbol = await this.erc20(address).symbol();
      } catch {
        /* not a readable token */
      }
      this.symbols.set(key, symbol);
    }
    return this.symbols.get(key)!;
  }

  /** Whether a protocol id is on the curated list. */
  isListedProtocol(protocolId: number): boolean {
    return isListedProtocol(curated(this.deployment), protocolId);
  }

  private protocols = new Map<number, Promise<{ name: string; ticker: string }>>();

  /** Protocol `id`'s name and ticker (one call per protocol per run; both are fixed at registration). */
  protocolRecord(id: number): Promise<{ name: string; ticker: string }> {
    if (!this.protocols.has(id)) this.protocols.set(id, this.contracts.market.protocol(id).then((p) => ({ name: String(p.name), ticker: String(p.ticker) })));
    return this.protocols.get(id)!;
  }

  /** Protocol `id`'s readable name. */
  protocolName(id: number): Promise<string> {
    return this.protocolRecord(id).then((p) => p.name);
  }

  /**
   * Everything the CLI shows of series `id` (two calls: see loadSeries, sent together when the series' CLAIM token is
   * known from the deployment file or the market's events); undefined if the market has no such series.
   */
  async findSeries(id: string): Promise<SeriesInfo | undefined> {
    let s: SeriesView;
    const known = (this.discovered ?? this.deployment.series).find((k) => k.id.toLowerCase() === id.toLowerCase());
    try {
      s = await loadSeries(this.contracts.market, id, this.provider, known?.claim);
    } catch (error) {
      if (/CoverUnknownSeries/.test(decodeError(error))) return undefined;
      throw error;
    }
    return { ...s, listed: isListedSeries(curated(this.deployment), s.protocolId, s.collateral) };
  }

  /** Everything the CLI shows of series `id`, which must exist. */
  async seriesInfo(id: string): Promise<SeriesInfo> {
    const s = await this.findSeries(id);
    if (!s) throw usage(`unknown series ${id}: no such series on ${this.deployment.network}`);
    return s;
  }

  /** Events of `contract` matching `filter` since the deployment's first block, read in chunks (public RPCs cap log ranges). */
  async events(contract: BaseContract, filter: ContractEventName): Promise<EventLog[]> {
    const head = await this.provider.getBlockNumber();
    const out: EventLog[] = [];
    for (let from = this.deployment.startBlock; from <= head; from += LOG_CHUNK) {
      out.push(...((await contract.queryFilter(filter, from, Math.min(head, from + LOG_CHUNK - 1))) as EventLog[]));
    }
    return out;
  }

  private discovered?: DeployedSeries[];
  /** What the market's SeriesCreated events recorded of each series, by lower-case id (filled by allSeries). */
  private created = new Map<string, Omit<SeriesView, "ticker" | "handle">>();

  /**
   * Every series of the market: the deployment file's, and any created since, found from the market's
   * SeriesCreated events after the file's last known block (read in chunks, as public RPCs cap log ranges).
   */
  async allSeries(): Promise<DeployedSeries[]> {
    if (this.discovered) return this.discovered;
    const known = new Map(this.deployment.series.map((s) => [s.id.toLowerCase(), s]));
    const { market } = this.contracts;
    for (const log of await this.events(market, market.filters.SeriesCreated())) {
      const a = log.args;
      const id = String(a.seriesId).toLowerCase();
      this.created.set(id, { id, protocolId: Number(a.protocolId), collateral: a.collateral, collateralSymbol: String(a.collateralSymbol), decimals: Number(a.decimals), expiry: Number(a.expiry), claim: a.claimToken, noclaim: a.noclaimToken });
      if (!known.has(id)) {
        known.set(id, { id, protocolId: Number(a.protocolId), collateral: a.collateral, expiry: Number(a.expiry), claim: a.claimToken, noclaim: a.noclaimToken });
      }
    }
    this.discovered = [...known.values()].sort((x, y) => x.expiry - y.expiry || x.protocolId - y.protocolId || x.id.localeCompare(y.id));
    return this.discovered;
  }

  /**
   * Every series (allSeries' order) as the CLI shows it, without a call per series: what the market recorded at its
   * creation (SeriesCreated: collateral, its symbol as the market read it, decimals, expiry, tokens; the same facts
   * its tokens' symbols are built from) and one call per protocol for the ticker. A series without such a record
   * (created before the deployment's first block) is loaded (loadSeries: two calls).
   */
  async allSeriesInfo(): Promise<SeriesInfo[]> {
    const list = curated(this.deployment);
    return Promise.all(
      (await this.allSeries()).map(async (d) => {
        const c = this.created.get(d.id.toLowerCase());
        if (!c) return this.seriesInfo(d.id);
        const { ticker } = await this.protocolRecord(c.protocolId);
        return { ...c, ticker, handle: seriesHandle(ticker, c.expiry, c.collateralSymbol), listed: isListedSeries(list, c.protocolId, c.collateral) };
      }),
    );
  }

  /** The ids of every series (see allSeries). */
  async seriesIds(): Promise<string[]> {
    return (await this.allSeries()).map((s) => s.id.toLowerCase());
  }

  /** Resolves a handle, id or token address to a series; unknown, ambiguous or malformed references are errors. */
  async resolveSeries(text: string): Promise<SeriesInfo> {
    const ref = parseSeriesRef(text, this.deployment);
    if (ref.kind === "id") return this.seriesInfo(ref.id);
    if (ref.kind === "address") {
      const token = new Contract(ref.address, ["function seriesId() view returns (bytes32)", "function market() view returns (address)"], this.provider);
      let id: string;
      try {
        if ((await token.market()).toLowerCase() !== this.deployment.addresses.market.toLowerCase()) throw new Error("other market");
        id = await token.seriesId();
      } catch {
        throw usage(`unknown series: ${ref.address} is not a CLAIM or NOCLAIM token of this market`);
      }
      return this.seriesInfo(id);
    }
    // The curated list pins protocol ids; the chain must agree on the ticker, or the list is out of date. A handle
    // with its expiry names the series' id: it is read in the same batch, and used only if the ticker agrees.
    const named = ref.expiry === undefined ? undefined : this.findSeries(seriesIdOf(ref.protocolId, ref.collateral, ref.expiry));
    named?.catch(() => {});
    const onChain = await this.contracts.market.protocol(ref.protocolId).catch(() => undefined);
    if (!onChain || String(onChain.ticker).toUpperCase() !== ref.ticker.toUpperCase()) {
      throw new CliError(`the curated list (${curated(this.deployment).source}) says protocol ${ref.protocolId} is ${ref.ticker}, but the chain disagrees; nothing resolved`);
    }
    if (ref.expiry !== undefined) {
      const s = await named;
      if (!s) {
        const handles = (await this.allSeries()).filter((x) => x.protocolId === ref.protocolId && x.collateral.toLowerCase() === ref.collateral.toLowerCase()).map((x) => seriesHandle(ref.ticker, x.expiry, ref.symbol));
        throw usage(`unknown series ${text}: ${ref.ticker} has no ${ref.symbol} series expiring ${isoDate(ref.expiry!)}${didYouMean(String(text).trim().toUpperCase(), handles)}`);
      }
      return s;
    }
    // TICKER-COLL: the one open series of the protocol and collateral, else ambiguous.
    const now = BigInt((await this.provider.getBlock("latest"))!.timestamp);
    const matches = (await this.allSeries()).filter(
      (s) => s.protocolId === ref.protocolId && s.collateral.toLowerCase() === ref.collateral.toLowerCase() && BigInt(s.expiry) > now,
    );
    if (matches.length === 0) throw usage(`unknown series ${text}: ${ref.ticker} has no live ${ref.symbol} series`);
    if (matches.length > 1) {
      const handles = matches.map((s) => seriesHandle(ref.ticker, s.expiry, ref.symbol)).join(", ");
      throw usage(`ambiguous series ${text}: it matches ${matches.length} live series (${handles}); name the expiry`);
    }
    return this.seriesInfo(matches[0].id);
  }
}
