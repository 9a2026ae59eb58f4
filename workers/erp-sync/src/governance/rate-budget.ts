import { DurableObject } from "cloudflare:workers";

// Placeholder until the rate budget lands.
export class ErpRateBudget extends DurableObject<ErpSyncEnv> {}
