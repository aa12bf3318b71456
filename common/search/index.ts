/** Chinese full-text search: segmentation, the engines' index tables, ranking, and the search argument's rules. */
export * from "./segmentation";
export * from "./full-text";
export { BLOCK } from "./blocks";
export * from "./search";
export * from "./hits";
export * from "./snippet";
export * from "./graphql";
