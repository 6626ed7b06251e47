/**
 * Protocols as the CLI shows them: name, ticker, resolver kind (the deployment's committee or parametric resolver,
 * else "other"), the committee's members and threshold or the feeds, and whether the protocol is on the curated
 * list; and a protocol named by ticker (curated list only) or id, checked against the chain.
 */
import type { Context } from "./context.js";
import { usage } from "./errors.js";
import { parseProtocolRef } from "./parse.js";

export interface ProtocolInfo {
  id: number;
  name: string;
  ticker: string;
  resolver: string;
  resolverKind: "committee" | "parametric" | "other";
  claimWindowDays: number;
  incidents: number;
  listed: boolean;
  committee?: { epoch: number; threshold: number; members: string[] };
  feeds?: { aggregator: string; heartbeat: number }[];
}

/** Protocol `id` (which must exist) with its committee or feeds. */
export async function protocolInfo(ctx: Context, id: number): Promise<ProtocolInfo> {
  const { market, committee, parametric } = ctx.contracts;
  const a = ctx.deployment.addresses;
  const p = await market.protocol(id);
  const resolver = String(p.resolver);
  const info: ProtocolInfo = {
    id,
    name: p.name,
    ticker: p.ticker,
    resolver,
    resolverKind: "other",
    claimWindowDays: Number(p.claimWindow) / 86400,
    incidents: Number(p.incidentCount),
    listed: ctx.isListedProtocol(id),
  };
  if (resolver.toLowerCase() === a.committeeResolver.toLowerCase()) {
    const config = await committee.protocolConfig(id);
    const [members, threshold] = await committee.committee(id, config.epoch);
    Object.assign(info, { resolverKind: "committee", committee: { epoch: Number(config.epoch), threshold: Number(threshold), members: [...members] } });
  } else if (resolver.toLowerCase() === a.parametricResolver.toLowerCase()) {
    const feeds = await parametric.feeds(id);
    Object.assign(info, { resolverKind: "parametric", feeds: feeds.map((f) => ({ aggregator: f.aggregator, heartbeat: Number(f.heartbeat) })) });
  }
  return info;
}

/** Every registered protocol, by id. */
export async function allProtocols(ctx: Context): Promise<ProtocolInfo[]> {
  const count = Number(await ctx.contracts.market.protocolCount());
  const out: ProtocolInfo[] = [];
  for (let id = 1; id <= count; id++) out.push(await protocolInfo(ctx, id));
  return out;
}

/** A protocol named by ticker (curated list) or id; an id that no protocol has is an error. */
export async function resolveProtocol(ctx: Context, text: string): Promise<ProtocolInfo> {
  const { id } = parseProtocolRef(text, ctx.deployment);
  const count = Number(await ctx.contracts.market.protocolCount());
  if (id < 1 || id > count) throw usage(`unknown protocol ${text}: protocol ids on ${ctx.deployment.network} run from 1 to ${count}`);
  return protocolInfo(ctx, id);
}
