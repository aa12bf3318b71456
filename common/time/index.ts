/** The one clock and the contract's DateTime and Date scalars, read strictly. */
export * from "./clock";
export * from "./scalars";
