import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";

export type Db = DrizzleD1Database;

export function database(env: CoreEnv): Db {
  return drizzle(env.DB);
}
