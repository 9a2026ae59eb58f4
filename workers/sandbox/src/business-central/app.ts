import { Hono } from "hono";

// Placeholder until this system's routes land.
export const businessCentralApp = new Hono<{ Bindings: SandboxEnv }>();
