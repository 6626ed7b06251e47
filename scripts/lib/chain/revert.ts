/**
 * Revert reasons in words a person can read: the custom error (with its arguments) that this project's contracts
 * raised, found wherever ethers or the JSON-RPC node put the revert data; a plain `Error(string)`; else the message.
 */
import { Interface } from "ethers";
import { projectArtifact } from "./artifacts.js";

/** Every custom error this project's contracts and Uniswap's can raise, to decode revert data. */
export function errorInterface(): Interface {
  const fragments = new Map<string, any>();
  const names = ["CoverMarket", "CommitteeResolver", "ParametricResolver", "CoverPools", "CoverRouter", "CoverQuoter", "CoverRiskOracle", "CoverToken", "TestERC20", "MockAggregatorV3"];
  for (const name of names) {
    for (const f of projectArtifact(name).abi as any[]) if (f.type === "error") fragments.set(JSON.stringify(f), f);
  }
  return new Interface([...fragments.values()]);
}

/** The revert data somewhere in an ethers / JSON-RPC error (undefined for a revert without data). */
export function revertData(error: any): string | undefined {
  const seen = new Set<any>();
  const walk = (e: any): string | undefined => {
    if (!e || typeof e !== "object" || seen.has(e)) return undefined;
    seen.add(e);
    if (typeof e.data === "string" && /^0x[0-9a-fA-F]{8}/.test(e.data)) return e.data;
    for (const key of ["data", "error", "info", "cause", "payload"]) {
      const found = walk(e[key]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(error);
}

/** A readable reason for a failed call: the decoded custom error with its arguments, else the message. */
export function decodeError(error: any, iface = errorInterface()): string {
  const data = revertData(error);
  if (data) {
    try {
      const parsed = iface.parseError(data);
      if (parsed) return `${parsed.name}(${parsed.args.map((a: unknown) => String(a)).join(", ")})`;
    } catch {
      /* not one of ours */
    }
    if (data.startsWith("0x08c379a0")) {
      try {
        return `Error(${JSON.stringify(new Interface(["error Error(string)"]).parseError(data)!.args[0])})`;
      } catch {
        /* fall through */
      }
    }
    return `revert data ${data.slice(0, 74)}`;
  }
  return error?.shortMessage ?? error?.message ?? String(error);
}
