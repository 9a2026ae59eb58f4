// The test runner's main module: erp-sync itself, plus the sandbox's account object so the real
// sandbox app can run in-process behind the adapter's fetch.
export { default } from "../../workers/erp-sync/src/index";
export { NetSuiteAccount } from "../../workers/sandbox/src/netsuite/account";
