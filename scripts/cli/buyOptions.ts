/** `cover buy`'s options, for a lone buy (commands/write.ts) and a bundle of them (bundle.ts). */
export interface BuyOptions {
  spend?: boolean;
  route?: string;
  slippage: string;
  approve?: boolean;
  /** The most collateral to pay for exactly <amount> CLAIM (instead of the quote plus --slippage). */
  maxIn?: string;
  /** With --spend: the least CLAIM to receive (instead of the quote less --slippage). */
  minOut?: string;
}
