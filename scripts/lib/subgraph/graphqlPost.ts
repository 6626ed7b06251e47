/**
 * One GraphQL POST to a subgraph, with a timeout, answering its parsed body (data and/or errors) or a
 * GraphqlPostFailure saying why nothing usable answered: the connection was refused, nothing answered in time,
 * another network failure, or an answer that is not GraphQL. The callers (the CLI, the dashboard, the local
 * indexer's helpers) word the failure for their own users. No imports, so the browser dashboard bundles it as it is.
 */

export interface GraphqlAnswer {
  data?: any;
  errors?: { message?: string }[];
}

export type GraphqlFailureKind = "refused" | "timeout" | "network" | "not-graphql";

export class GraphqlPostFailure extends Error {
  constructor(
    readonly kind: GraphqlFailureKind,
    message: string,
    /** The HTTP status, when something answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export const GRAPHQL_TIMEOUT_MS = 10_000;

export async function postGraphql(url: string, text: string, variables?: Record<string, unknown>, timeoutMs = GRAPHQL_TIMEOUT_MS): Promise<GraphqlAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: text, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as any)?.cause;
    if (cause?.code === "ECONNREFUSED") throw new GraphqlPostFailure("refused", "connection refused");
    if ((error as Error).name === "TimeoutError") throw new GraphqlPostFailure("timeout", `no answer in ${timeoutMs / 1000} s`);
    throw new GraphqlPostFailure("network", cause?.message ?? (error as Error).message);
  }
  const body = await response.text();
  let parsed: any;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (typeof parsed.data !== "object" && !Array.isArray(parsed.errors))) {
    throw new GraphqlPostFailure("not-graphql", `it answers HTTP ${response.status}, but not as a GraphQL server (${JSON.stringify(body.slice(0, 80))})`, response.status);
  }
  return parsed as GraphqlAnswer;
}

/** A GraphQL errors list as one line. */
export const errorMessages = (errors: { message?: string }[]) => errors.map((e) => e?.message ?? JSON.stringify(e)).join("; ");
