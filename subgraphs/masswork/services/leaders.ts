import type { DataSource } from "typeorm";
import { Leader } from "../entities/leader";
import type { AdminLevel } from "../entities/enums";

/** The leaders, of one level when given, in id order. */
export function leadersAt(db: DataSource, level?: AdminLevel | null): Promise<Leader[]> {
  return db.getRepository(Leader).find({ where: level ? { level } : {}, order: { id: "ASC" } });
}

/** The leader with this id, or null. */
export function findLeader(db: DataSource, id: number): Promise<Leader | null> {
  return db.getRepository(Leader).findOneBy({ id });
}

/** Whether a leader with this id exists. */
export function leaderExists(db: DataSource, id: number): Promise<boolean> {
  return db.getRepository(Leader).existsBy({ id });
}
