import { app } from "./app";

export { BusinessCentralTenant } from "./business-central/tenant";
export { NetSuiteAccount } from "./netsuite/account";
export { OracleFusionPod } from "./oracle-fusion/pod";
export { SapSystem } from "./sap/system";
export { ShopifyShop } from "./shopify/shop";

export default app satisfies ExportedHandler<SandboxEnv>;
