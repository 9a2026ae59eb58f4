import { app } from "./app";

export { NetSuiteAccount } from "./netsuite/account";

export default app satisfies ExportedHandler<SandboxEnv>;
