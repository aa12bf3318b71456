/** Configuration, read once from the environment, and the development secrets generated under data/. */
export * from "./config";
export * from "./secrets";
