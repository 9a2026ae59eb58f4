import { Hono } from "hono";

// Placeholder until this system's routes land.
export const oracleFusionApp = new Hono<{ Bindings: SandboxEnv }>();
