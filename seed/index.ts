/** The synthetic, deterministic dataset: one plan shared by the departments, each writing its own rows. */
export * from "./backlog";
export * from "./calendar";
export * from "./insert";
export * from "./plan";
export * from "./procedure";
export * from "./progress";
export * from "./random";
export * from "./targets";
export * from "./visits";
export * from "./write";
export * from "./demo";
