/**
 * --dry-run: every transaction a command would send is simulated (eth_call from the sender, which decodes a revert
 * into its custom error as a real run does) and its gas estimated, then printed instead of sent: the contract, the
 * call with its arguments (a multicall's calls one by one), what the call would return, the gas estimate and the
 * calldata. A run stops at the first transaction it would send: a later one (the action after an approval, a trigger
 * after its checkpoints) depends on it and cannot be simulated before it is mined. Nothing is sent; the run exits 0.
 */
import type { BaseContract, FunctionFragment, Interface, ParamType, Result } from "ethers";
import { Finished } from "./errors.js";
import { emit } from "./output.js";

let mode: { json: boolean } | undefined;

/** Turns dry runs on for this process (Context.open, from the global --dry-run). */
export function setDryRun(on: boolean | undefined, json: boolean | undefined): void {
  mode = on ? { json: Boolean(json) } : undefined;
}

export function isDryRun(): boolean {
  return mode !== undefined;
}

/** A decoded value as plain JSON: structs as objects by field name, bigints as decimal strings. */
function plain(type: ParamType, value: any): unknown {
  if (type.isTuple()) return Object.fromEntries(type.components.map((c, i) => [c.name || String(i), plain(c, value[i])]));
  if (type.isArray()) return [...value].map((v: unknown) => plain(type.arrayChildren, v));
  if (typeof value === "bigint" || typeof value === "number") return String(value); // integers as decimal strings
  return value;
}

const named = (types: readonly ParamType[], values: Result | unknown[]) => Object.fromEntries(types.map((t, i) => [t.name || String(i), plain(t, values[i])]));

interface Call {
  method: string;
  args: Record<string, unknown>;
}

/** A call in words: method(name: value, ...), structs inline. */
function shown(c: Call): string {
  const value = (v: unknown): string => (Array.isArray(v) ? `[${v.map(value).join(", ")}]` : v && typeof v === "object" ? `{ ${Object.entries(v).map(([k, x]) => `${k}: ${value(x)}`).join(", ")} }` : String(v));
  return `${c.method}(${Object.entries(c.args).map(([k, v]) => `${k}: ${value(v)}`).join(", ")})`;
}

export interface DryRunNote {
  /** What would follow this transaction and why it is not simulated too (an approval's action), in words. */
  then?: string;
  /** The same for --json, as a word: the step that follows ("action"). */
  next?: string;
}

/**
 * Prints what `contract.method(...args)` would send (the simulation `result` already succeeded), with its gas
 * estimate, and ends the run (Finished, exit 0).
 */
export async function reportDryRun(contract: BaseContract, method: string, args: unknown[], result: unknown, what: string, note: DryRunNote = {}): Promise<never> {
  const iface: Interface = contract.interface;
  const fn = contract.getFunction(method);
  const fragment = iface.getFunction(method)!;
  const tx = await fn.populateTransaction(...args);
  const gas: bigint = await fn.estimateGas(...args);
  const from = await (contract.runner as any)?.getAddress?.();
  const call: Call = { method: fragment.name, args: named(fragment.inputs, args) };
  let calls: Call[] | undefined;
  const outputs = fragment.outputs.length === 0 ? [] : fragment.outputs.length === 1 ? [result] : (result as Result);
  let returns: Record<string, unknown> = named(fragment.outputs, outputs);
  if (fragment.name === "multicall") {
    // Each call of the multicall, and what the last one (the action; permits go first) returns.
    const datas = args[0] as string[];
    const inner: FunctionFragment[] = datas.map((d) => iface.parseTransaction({ data: d })!.fragment);
    calls = datas.map((d, i) => ({ method: inner[i].name, args: named(inner[i].inputs, iface.decodeFunctionData(inner[i], d)) }));
    const results = result as string[];
    const last = inner[inner.length - 1];
    returns = named(last.outputs, iface.decodeFunctionResult(last, results[results.length - 1]));
  }
  // JSON without prose: the call says what it does (`what` and `then` are the text's words for it).
  const data = { dryRun: true, from: from ?? null, to: tx.to, call: calls ? { method: call.method, calls } : call, returns, gasEstimate: Number(gas), data: tx.data, ...(note.next ? { next: note.next } : {}) };
  emit(mode?.json, data, () =>
    [
      `dry run: ${what} would succeed; nothing was sent`,
      `  from: ${from ?? "(signer)"}`,
      `  to: ${tx.to}`,
      ...(calls ? [`  call: multicall of ${calls.length}:`, ...calls.map((c, i) => `    ${i + 1}. ${shown(c)}`)] : [`  call: ${shown(call)}`]),
      ...(Object.keys(returns).length ? [`  returns: ${Object.entries(returns).map(([k, v]) => `${k} ${typeof v === "object" ? JSON.stringify(v) : v}`).join(", ")}`] : []),
      `  gas estimate: ${gas}`,
      ...(note.then ? [`  then: ${note.then}`] : []),
    ].join("\n"),
  );
  throw new Finished();
}
