/** The domain's shared vocabulary and checks: categories, personal-data masks, report years. */
export * from "./vocabulary";
export * from "./personal-data";
export * from "./report";
export * from "./statistics";
