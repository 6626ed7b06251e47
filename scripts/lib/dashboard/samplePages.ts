/**
 * The pages the screenshots and the benchmark show, picked from what the subgraph holds: the market; the most traded
 * live series; a series settled by an incident; and the protocol of the first claim (its timeline has votes).
 */

export type GraphQuery = (text: string, variables?: Record<string, unknown>) => Promise<any>;

export interface SamplePages {
  market: string;
  series: string;
  settledSeries: string;
  protocol: string;
}

/** Each page's address after the dashboard's URL (its hash). */
export async function samplePages(query: GraphQuery): Promise<SamplePages> {
  const d = await query(`{
    live: series_collection(where: { status: Live }, orderBy: swapCount, orderDirection: desc, first: 1) { id }
    settled: series_collection(where: { status: ByIncident }, orderBy: swapCount, orderDirection: desc, first: 1) { id }
    claims(orderBy: filedAt, first: 1) { protocol { id } }
    protocols(first: 1) { id }
  }`);
  if (!d.live[0]) throw new Error("the subgraph has no live series to show");
  return {
    market: "#/market",
    series: `#/series/${d.live[0].id}`,
    settledSeries: `#/series/${(d.settled[0] ?? d.live[0]).id}`,
    protocol: `#/protocol/${(d.claims[0]?.protocol ?? d.protocols[0]).id}`,
  };
}
