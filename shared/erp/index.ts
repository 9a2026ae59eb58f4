export * from "./connection";
export * from "./documents";
export * from "./errors";
export * from "./mappings";
export * from "./reference";
