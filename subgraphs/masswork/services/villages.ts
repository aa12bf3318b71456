import type { DataSource, FindOptionsWhere } from "typeorm";
import type { AdminLevel } from "../entities/enums";
import { Village } from "../entities/village";
import { WorkStation } from "../entities/work-station";

/** The villages, of one town when given, in id order (the towns' order, then each town's). */
export function villagesOf(db: DataSource, townId: number | null): Promise<Village[]> {
  return db
    .getRepository(Village)
    .find({ where: townId === null ? {} : { townId }, order: { id: "ASC" } });
}

/** Where the network's places are: work stations and rooms by town, village and level. */
export interface WorkStationWhere {
  townId: number | null;
  villageId: number | null;
  level: AdminLevel | null;
}

/** 群众工作站/室 matching every condition given, in id order (each town's station, then its villages' rooms). */
export function workStationsWhere(db: DataSource, w: WorkStationWhere): Promise<WorkStation[]> {
  const where: FindOptionsWhere<WorkStation> = {};
  if (w.townId !== null) where.townId = w.townId;
  if (w.villageId !== null) where.villageId = w.villageId;
  if (w.level !== null) where.level = w.level;
  return db.getRepository(WorkStation).find({ where, order: { id: "ASC" } });
}
