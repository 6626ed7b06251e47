/** One JSON-RPC call over plain fetch: for probing an endpoint that may not answer (ethers' provider would retry forever). */

/** Calls a JSON-RPC method on `url`; throws on an error answer. */
export async function rpc<T = any>(url: string, method: string, params: unknown[] = [], signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, {
    signal,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body: any = await response.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}
