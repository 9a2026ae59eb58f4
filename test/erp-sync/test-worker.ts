// The test runner's main module: erp-sync itself, plus the sandbox's Durable Objects so the real
// sandbox app can run in-process behind the adapters' fetch.
export { default, ErpRateBudget } from "../../workers/erp-sync/src/index";
export { BusinessCentralTenant } from "../../workers/sandbox/src/business-central/tenant";
export { NetSuiteAccount } from "../../workers/sandbox/src/netsuite/account";
export { OracleFusionPod } from "../../workers/sandbox/src/oracle-fusion/pod";
export { SapSystem } from "../../workers/sandbox/src/sap/system";
export { ShopifyShop } from "../../workers/sandbox/src/shopify/shop";
