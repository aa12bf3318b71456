import type { DataSource, FindOptionsWhere } from "typeorm";
import { Leader } from "../entities/leader";
import type { AdminLevel } from "../entities/enums";

/** The leaders matching every condition given (a town holds its own and its villages' leaders), in id order. */
export function leadersAt(
  db: DataSource,
  level?: AdminLevel | null,
  townId: number | null = null,
  villageId: number | null = null,
): Promise<Leader[]> {
  const where: FindOptionsWhere<Leader> = {};
  if (level) where.level = level;
  if (townId !== null) where.townId = townId;
  if (villageId !== null) where.villageId = villageId;
  return db.getRepository(Leader).find({ where, order: { id: "ASC" } });
}

/** The leader with this id, or null. */
export function findLeader(db: DataSource, id: number): Promise<Leader | null> {
  return db.getRepository(Leader).findOneBy({ id });
}

/** Whether a leader with this id exists. */
export function leaderExists(db: DataSource, id: number): Promise<boolean> {
  return db.getRepository(Leader).existsBy({ id });
}
