import type { DataSource } from "typeorm";
import { HotlineCall } from "../entities/hotline-call";

/** 市长热线 calls, newest first: the latest `size` of them. */
export function latestHotlineCalls(db: DataSource, size: number): Promise<HotlineCall[]> {
  return db
    .getRepository(HotlineCall)
    .createQueryBuilder("c")
    .orderBy("c.received_at", "DESC")
    .addOrderBy("c.id", "DESC")
    .limit(size)
    .getMany();
}
