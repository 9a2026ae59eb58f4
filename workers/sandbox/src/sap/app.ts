import { Hono } from "hono";

// Placeholder until this system's routes land.
export const sapApp = new Hono<{ Bindings: SandboxEnv }>();
