import { DurableObject } from "cloudflare:workers";

// Placeholder until this system's state lands.
export class SapSystem extends DurableObject<SandboxEnv> {}
