export * from "./envelope";
export * from "./fulfillment";
export * from "./inventory-adjustment";
export * from "./journal";
export * from "./money";
export * from "./order";
export * from "./refund";
export * from "./return";
