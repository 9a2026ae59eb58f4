import { createLogger } from "../../../../shared/log";

export const apiLog = createLogger("core", { component: "api" });
