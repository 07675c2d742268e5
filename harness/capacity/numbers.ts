import { formatNumber } from '../compare/numbers.ts';

/** An orders/s figure for prose. */
export const rate = (v: number): string => `${formatNumber(v)}/s`;
