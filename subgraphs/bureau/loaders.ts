import DataLoader from "dataloader";
import { In } from "typeorm";
import { ownerPages, type Loaders } from "../../common/db";
import { BacklogCase } from "./entities/backlog-case";
import { Forwarding } from "./entities/forwarding";
import { Petition } from "./entities/petition";
import { PetitionPetitioner, Petitioner } from "./entities/petitioner";
import { Review } from "./entities/review";
import { StatusChange } from "./entities/status-change";
import { Supervision } from "./entities/supervision";
import { Visit } from "./entities/visit";
import type { PossibleDuplicate } from "./entities/duplicates";
import { duplicatesOfPetitions } from "./services/duplicates";
import {
  forwardingsOfPetitions,
  historyOfPetitions,
  petitionsLinkedBy,
  petitionsOfPetitioners,
  visitsOfPetitions,
} from "./services/owner-lists";

/** Follows the petition–petitioner links in one direction, two statements per batch. */
function linked<T extends Petition | Petitioner>(
  loaders: Loaders,
  from: "petitionId" | "petitionerId",
  load: (ids: number[]) => Promise<T[]>,
): DataLoader<number, T[]> {
  const to = from === "petitionId" ? "petitionerId" : "petitionId";
  return loaders.get(
    `PetitionPetitioner.${from}`,
    () =>
      new DataLoader<number, T[]>(async (keys) => {
        const links = await loaders.db
          .getRepository(PetitionPetitioner)
          .find({ where: { [from]: In([...keys]) }, order: { [to]: "ASC" } });
        const targets = links.length ? await load([...new Set(links.map((l) => l[to]))]) : [];
        const byId = new Map(targets.map((t) => [t.id, t]));
        const groups = new Map<number, T[]>(keys.map((k) => [k, []]));
        for (const l of links) {
          const target = byId.get(l[to]);
          if (target) groups.get(l[from])?.push(target);
        }
        return keys.map((k) => groups.get(k) ?? []);
      }),
  );
}

/** Pages of the per-owner lists, each beside its plain list's loader below (owner-lists.ts). */
const pages = (l: Loaders) => {
  const petitions = (ids: number[]) => l.byId(Petition).loadMany(ids);
  return {
    visitPagesOf: ownerPages(
      l,
      "Petition.visitPage",
      visitsOfPetitions(l.db, (ids) => l.byId(Visit).loadMany(ids)),
    ),
    historyPagesOf: ownerPages(
      l,
      "Petition.historyPage",
      historyOfPetitions(l.db, (ids) => l.byId(StatusChange).loadMany(ids)),
    ),
    forwardingPagesOf: ownerPages(
      l,
      "Petition.forwardingPage",
      forwardingsOfPetitions(l.db, (ids) => l.byId(Forwarding).loadMany(ids)),
    ),
    duplicatePagesOf: ownerPages(
      l,
      "Petition.duplicatePage",
      petitionsLinkedBy(l.db, "duplicate_of_id", petitions),
    ),
    repeatPagesOf: ownerPages(
      l,
      "Petition.repeatPage",
      petitionsLinkedBy(l.db, "repeat_of_id", petitions),
    ),
    petitionPagesOf: ownerPages(
      l,
      "Petitioner.petitionPage",
      petitionsOfPetitioners(l.db, petitions),
    ),
  };
};

/** The bureau's loaders, one set per request. */
const make = (l: Loaders) => ({
  ...pages(l),
  petition: l.byId(Petition),
  petitioner: l.byId(Petitioner),
  visit: l.byId(Visit),
  review: l.byId(Review),
  backlogCase: l.byId(BacklogCase),
  visitsOf: l.groupedBy(Visit, "petitionId", { receivedAt: "ASC", id: "ASC" }),
  reviewsOf: l.groupedBy(Review, "petitionId", { id: "ASC" }),
  historyOf: l.groupedBy(StatusChange, "petitionId", { id: "ASC" }),
  backlogOf: l.oneBy(BacklogCase, "petitionId"),
  forwarding: l.byId(Forwarding),
  forwardingsOf: l.groupedBy(Forwarding, "petitionId", { id: "ASC" }),
  supervisionsOf: l.groupedBy(Supervision, "petitionId", { id: "ASC" }),
  petitionFromMessage: l.oneBy(Petition, "sourceMessageId"),
  petitionFromCall: l.oneBy(Petition, "sourceCallId"),
  petitionersOf: linked<Petitioner>(l, "petitionId", (ids) =>
    l.db.getRepository(Petitioner).findBy({ id: In(ids) }),
  ),
  /** reverse links: the petitions merged into one (合并件), and those that repeat it */
  duplicatesOf: l.groupedBy(Petition, "duplicateOfId", { receivedAt: "ASC", id: "ASC" }),
  repeatsOf: l.groupedBy(Petition, "repeatOfId", { receivedAt: "ASC", id: "ASC" }),
  possibleDuplicatesOf: l.get(
    "Petition.possibleDuplicates",
    () =>
      new DataLoader<Petition, PossibleDuplicate[], number>(
        (petitions) => duplicatesOfPetitions(l.db, petitions),
        { cacheKeyFn: (p) => p.id },
      ),
  ),
  petitionsOf: linked<Petition>(l, "petitionerId", (ids) =>
    l.db.getRepository(Petition).find({ where: { id: In(ids) }, order: { receivedAt: "ASC" } }),
  ),
});

export const bureauLoaders = (l: Loaders) => l.set("bureau", make);
