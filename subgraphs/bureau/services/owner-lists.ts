import { type DataSource } from "typeorm";
import { byTime, cursorId, type Keyset, type OwnedList } from "../../../common/db";
import { Forwarding } from "../entities/forwarding";
import { Petition } from "../entities/petition";
import { PetitionPetitioner } from "../entities/petitioner";
import { StatusChange } from "../entities/status-change";
import { Visit } from "../entities/visit";

/**
 * The per-owner lists the bureau pages (a petition's visits, history, forwardings, repeats and
 * merged duplicates, a petitioner's petitions), each in the order of the plain list beside it.
 */

/** a list in the order its rows were written: by id alone */
function byIdAlone<T extends { id: number }>(column: string): Keyset<T> {
  return {
    columns: [column, column],
    direction: "ASC",
    key: (row) => [row.id, row.id],
    first: cursorId,
  };
}

type Nodes<T extends { id: number }> = OwnedList<T>["nodes"];

/** 来访: a petition's visits, earliest received first (as `Petition.visits`) */
export const visitsOfPetitions = (db: DataSource, nodes: Nodes<Visit>): OwnedList<Visit> => ({
  rows: (owners) =>
    db
      .getRepository(Visit)
      .createQueryBuilder("v")
      .where("v.petition_id IN (:...owners)", { owners }),
  owner: "v.petition_id",
  keyset: byTime("v", "received_at", (v) => v.receivedAt, "ASC"),
  nodes,
});

/** a petition's history, in the order written (as `Petition.history`) */
export const historyOfPetitions = (
  db: DataSource,
  nodes: Nodes<StatusChange>,
): OwnedList<StatusChange> => ({
  rows: (owners) =>
    db
      .getRepository(StatusChange)
      .createQueryBuilder("h")
      .where("h.petition_id IN (:...owners)", { owners }),
  owner: "h.petition_id",
  keyset: byIdAlone("h.id"),
  nodes,
});

/** 转送/交办: a petition's forwardings, in the order made (as `Petition.forwardings`) */
export const forwardingsOfPetitions = (
  db: DataSource,
  nodes: Nodes<Forwarding>,
): OwnedList<Forwarding> => ({
  rows: (owners) =>
    db
      .getRepository(Forwarding)
      .createQueryBuilder("f")
      .where("f.petition_id IN (:...owners)", { owners }),
  owner: "f.petition_id",
  keyset: byIdAlone("f.id"),
  nodes,
});

/**
 * The petitions linking to theirs by `column` (merged duplicates: `duplicate_of_id`; repeats:
 * `repeat_of_id`), earliest received first (as `Petition.duplicates` and `Petition.repeats`).
 */
export const petitionsLinkedBy = (
  db: DataSource,
  column: "duplicate_of_id" | "repeat_of_id",
  nodes: Nodes<Petition>,
): OwnedList<Petition> => ({
  rows: (owners) =>
    db
      .getRepository(Petition)
      .createQueryBuilder("p")
      .where(`p.${column} IN (:...owners)`, { owners }),
  owner: `p.${column}`,
  keyset: byTime("p", "received_at", (p) => p.receivedAt, "ASC"),
  nodes,
});

/** a petitioner's petitions, by petition id (as `Petitioner.petitions`) */
export const petitionsOfPetitioners = (
  db: DataSource,
  nodes: Nodes<Petition>,
): OwnedList<Petition> => ({
  rows: (owners) =>
    db
      .getRepository(PetitionPetitioner)
      .createQueryBuilder("l")
      .where("l.petitioner_id IN (:...owners)", { owners }),
  owner: "l.petitioner_id",
  keyset: byIdAlone("l.petition_id"),
  nodes,
});
