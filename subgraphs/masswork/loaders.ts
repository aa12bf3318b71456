import DataLoader from "dataloader";
import { ownerPages, type Loaders } from "../../common/db";
import { OpinionDigestSource, type DigestSourceKind } from "./entities/digest-source";
import { citationsOf, digestsCitingList } from "./services/digest-query";
import { Leader } from "./entities/leader";
import { Reception } from "./entities/reception";
import { ReceptionDuty } from "./entities/reception-duty";
import { RiskItem } from "./entities/risk-item";
import { OpinionDigest } from "./entities/opinion-digest";
import { Town } from "./entities/town";
import { Village } from "./entities/village";
import { WorkStation } from "./entities/work-station";

/** The mass-work department's loaders, one set per request. */
const make = (l: Loaders) => ({
  town: l.byId(Town),
  leader: l.byId(Leader),
  workStation: l.byId(WorkStation),
  receptionDuty: l.byId(ReceptionDuty),
  reception: l.byId(Reception),
  riskItem: l.byId(RiskItem),
  opinionDigest: l.byId(OpinionDigest),
  workStationsOf: l.groupedBy(WorkStation, "townId", { id: "ASC" }),
  village: l.byId(Village),
  villagesOf: l.groupedBy(Village, "townId", { id: "ASC" }),
  leadersOfVillage: l.groupedBy(Leader, "villageId", { id: "ASC" }),
  workStationsOfVillage: l.groupedBy(WorkStation, "villageId", { id: "ASC" }),
  riskItemsOfPetition: l.groupedBy(RiskItem, "petitionId", { reportedAt: "ASC", id: "ASC" }),
  receptionsOfPetition: l.groupedBy(Reception, "petitionId", { receivedAt: "ASC", id: "ASC" }),
  sourcesOfDigest: l.groupedBy(OpinionDigestSource, "digestId", { position: "ASC" }),
  digestsCiting: (kind: DigestSourceKind) => digestsCiting(l, kind),
  /** the same a page at a time: one statement per tick for every record's first page */
  digestPagesCiting: (kind: DigestSourceKind) =>
    ownerPages(
      l,
      `OpinionDigestSource.${kind}.page`,
      digestsCitingList(l.db, kind, (ids) => l.byId(OpinionDigest).loadMany(ids)),
    ),
});

/** The digests citing records of one kind, newest first: one statement per tick. */
function digestsCiting(l: Loaders, kind: DigestSourceKind): DataLoader<number, OpinionDigest[]> {
  return l.get(
    `OpinionDigestSource.${kind}[]`,
    () =>
      new DataLoader<number, OpinionDigest[]>(async (sourceIds) => {
        const groups = new Map<number, OpinionDigest[]>(sourceIds.map((id) => [id, []]));
        for (const { sourceId, digest } of await citationsOf(l.db, kind, sourceIds))
          groups.get(sourceId)?.push(digest);
        return sourceIds.map((id) => groups.get(id) ?? []);
      }),
  );
}

export const massworkLoaders = (l: Loaders) => l.set("masswork", make);
