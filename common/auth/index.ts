/** Who is asking and what they may do: roles, the signed caller the gateway hands the subgraphs, and the access policy. */
export * from "./roles";
export * from "./caller";
export * from "./access";
