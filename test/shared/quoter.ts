/**
 * Uniswap's own QuoterV2 (deployed from the npm artifact), as an independent reference for the amounts the
 * router and the quoter compute: one pool, fee 0.3%, no price limit.
 */
export function uniswapQuoter(quoterV2: any, fee = 3000) {
  return {
    /** Output of an exact-input swap of `amount` tokenIn. */
    async exactIn(tokenIn: any, tokenOut: any, amount: bigint): Promise<bigint> {
      const [amountOut] = await quoterV2.quoteExactInputSingle.staticCall({
        tokenIn: await addressOf(tokenIn),
        tokenOut: await addressOf(tokenOut),
        amountIn: amount,
        fee,
        sqrtPriceLimitX96: 0,
      });
      return amountOut;
    },
    /** Input of an exact-output swap of `amount` tokenOut. */
    async exactOut(tokenIn: any, tokenOut: any, amount: bigint): Promise<bigint> {
      const [amountIn] = await quoterV2.quoteExactOutputSingle.staticCall({
        tokenIn: await addressOf(tokenIn),
        tokenOut: await addressOf(tokenOut),
        amount,
        fee,
        sqrtPriceLimitX96: 0,
      });
      return amountIn;
    },
  };
}

async function addressOf(token: any): Promise<string> {
  return typeof token === "string" ? token : token.getAddress();
}
