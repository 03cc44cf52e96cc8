/** ftcost reports memory in GB = 10^9 bytes; cards are sold in GiB = 2^30 bytes. */
export const GB = 1e9;
export const GiB = 2 ** 30;
export const HOURS_PER_WORKDAY = 8;
export const AMORTIZATION_MONTHS = 36;

export const toGB = (bytes: number): number => bytes / GB;
