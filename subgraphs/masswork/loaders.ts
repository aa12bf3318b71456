import type { Loaders } from "../../common/db";
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
});

export const massworkLoaders = (l: Loaders) => l.set("masswork", make);
