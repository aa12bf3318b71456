import type { DataSource } from "typeorm";
import { Town } from "../entities/town";

/** Every town, in id order. */
export function allTowns(db: DataSource): Promise<Town[]> {
  return db.getRepository(Town).find({ order: { id: "ASC" } });
}

/** Whether a town with this id exists. */
export function townExists(db: DataSource, id: number): Promise<boolean> {
  return db.getRepository(Town).existsBy({ id });
}
