import { DurableObject } from "cloudflare:workers";

// Placeholder until this system's state lands.
export class BusinessCentralTenant extends DurableObject<SandboxEnv> {}
