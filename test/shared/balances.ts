import { expect } from "chai";

/** Anything with an address and an ERC20 balance. */
interface Token {
  getAddress(): Promise<string>;
  balanceOf(account: string): Promise<bigint>;
}
interface Holder {
  getAddress(): Promise<string>;
}

/**
 * Balances of several accounts in several tokens, taken before an action, so that the action's exact changes
 * (to the wei) can be checked afterwards: `const b = await Balances.of([...]); ...; await b.expectDelta(...)`.
 */
export class Balances {
  private constructor(
    private readonly tokens: Token[],
    private readonly holders: Holder[],
    private readonly before: Map<string, bigint>,
  ) {}

  static async of(tokens: Token[], holders: Holder[]): Promise<Balances> {
    const before = new Map<string, bigint>();
    for (const t of tokens) for (const h of holders) before.set(await key(t, h), await t.balanceOf(await h.getAddress()));
    return new Balances(tokens, holders, before);
  }

  /** The change of `holder`'s balance of `token` since the snapshot. */
  async delta(token: Token, holder: Holder): Promise<bigint> {
    const k = await key(token, holder);
    if (!this.before.has(k)) throw new Error("token or holder not in the snapshot");
    return (await token.balanceOf(await holder.getAddress())) - this.before.get(k)!;
  }

  /** Asserts the change of `holder`'s balance of `token`, to the wei. */
  async expectDelta(token: Token, holder: Holder, expected: bigint, label = ""): Promise<void> {
    expect(await this.delta(token, holder), label).to.equal(expected);
  }
}

async function key(token: Token, holder: Holder): Promise<string> {
  return `${await token.getAddress()}/${await holder.getAddress()}`;
}

/** Asserts that `account` (the router) holds none of `tokens`. */
export async function expectEmpty(account: Holder, tokens: Token[]): Promise<void> {
  const address = await account.getAddress();
  for (const t of tokens) expect(await t.balanceOf(address), `router balance of ${await t.getAddress()}`).to.equal(0n);
}
