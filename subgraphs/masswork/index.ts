import "reflect-metadata";
import { sealEach } from "../../common/search";
import { buildFederatedSchema, type SubgraphDefinition } from "../../common/server";
import { massworkSeedRows } from "./seed";
import { AnnualReport } from "./entities/annual-report";
import { Leader } from "./entities/leader";
import { OpinionDigest } from "./entities/opinion-digest";
import { Reception } from "./entities/reception";
import { ReceptionDuty } from "./entities/reception-duty";
import { Petition } from "./external/bureau";
import { RiskItem } from "./entities/risk-item";
import { RiskItemChange } from "./entities/risk-item-change";
import { SearchResults } from "./entities/search-results";
import { Town } from "./entities/town";
import { WorkStation } from "./entities/work-station";
import { Village } from "./entities/village";
import { MassworkInitial1732500000000 } from "./migrations/1732500000000-initial";
import { MassworkSearchIndex1733000000000 } from "./migrations/1733000000000-search-index";
import { MassworkReportIndexes1733100000000 } from "./migrations/1733100000000-report-indexes";
import { MassworkRiskEscalation1733200000000 } from "./migrations/1733200000000-risk-escalation";
import { MassworkRiskItemChanges1733300000000 } from "./migrations/1733300000000-risk-item-changes";
import { MassworkVillages1733500000000 } from "./migrations/1733500000000-villages";
import { MassworkFigureCache1734200000000 } from "./migrations/1734200000000-figure-cache";
import { MassworkDigestSources1733400000000 } from "./migrations/1733400000000-digest-sources";
import { MassworkSearchPostings1734300000000 } from "./migrations/1734300000000-search-postings";
import { MassworkSearchBits1734500000000 } from "./migrations/1734500000000-search-bits";
import { MassworkSearchRebuildLog1734600000000 } from "./migrations/1734600000000-search-rebuild-log";
import { OpinionDigestSource } from "./entities/digest-source";
import { HotlineCall, OnlineMessage } from "./external/service-center";
import { OpinionDigestResolver } from "./resolvers/opinion-digest.resolver";
import {
  HotlineCallDigestsResolver,
  OnlineMessageDigestsResolver,
  PetitionDigestsResolver,
  ReceptionDigestsResolver,
} from "./resolvers/digests-of-sources.resolver";
import { massworkSearchIndexes } from "./services/search-index";
import { referenceResolvers } from "./references";
import { AnnualReportResolver } from "./resolvers/annual-report.resolver";
import { StatisticsResolver } from "./resolvers/statistics.resolver";
import { Statistics } from "./entities/statistics";
import { LeaderResolver } from "./resolvers/leader.resolver";
import { PetitionResolver } from "./resolvers/petition.resolver";
import { ReceptionDutyResolver } from "./resolvers/reception-duty.resolver";
import { ReceptionResolver } from "./resolvers/reception.resolver";
import { RiskItemResolver } from "./resolvers/risk-item.resolver";
import { RiskWeeklyReportResolver } from "./resolvers/risk-weekly-report.resolver";
import { SearchResultsResolver } from "./resolvers/search-results.resolver";
import { TownResolver, WorkStationResolver } from "./resolvers/town.resolver";
import { VillageResolver } from "./resolvers/village.resolver";

/** 群工部, the mass-work department: towns, leaders and their receptions, screened disputes, digests. */
export const masswork: SubgraphDefinition = {
  name: "masswork",
  buildSchema: () =>
    buildFederatedSchema({
      resolvers: [
        TownResolver,
        WorkStationResolver,
        LeaderResolver,
        ReceptionDutyResolver,
        ReceptionResolver,
        RiskItemResolver,
        RiskWeeklyReportResolver,
        PetitionResolver,
        AnnualReportResolver,
        StatisticsResolver,
        SearchResultsResolver,
        VillageResolver,
        OpinionDigestResolver,
        OnlineMessageDigestsResolver,
        HotlineCallDigestsResolver,
        PetitionDigestsResolver,
        ReceptionDigestsResolver,
      ],
      orphanedTypes: [
        Petition,
        AnnualReport,
        Statistics,
        SearchResults,
        OpinionDigest,
        WorkStation,
        OnlineMessage,
        HotlineCall,
      ],
      referenceResolvers,
    }),
  entities: [
    Town,
    Leader,
    WorkStation,
    ReceptionDuty,
    Reception,
    RiskItem,
    RiskItemChange,
    OpinionDigest,
    Village,
    OpinionDigestSource,
  ],
  migrations: [
    MassworkInitial1732500000000,
    MassworkSearchIndex1733000000000,
    MassworkReportIndexes1733100000000,
    MassworkRiskEscalation1733200000000,
    MassworkRiskItemChanges1733300000000,
    MassworkVillages1733500000000,
    MassworkDigestSources1733400000000,
    MassworkFigureCache1734200000000,
    MassworkSearchPostings1734300000000,
    MassworkSearchBits1734500000000,
    MassworkSearchRebuildLog1734600000000,
  ],
  seedRows: massworkSeedRows,
  rebuildSearchIndex: async (db) => {
    for (const index of massworkSearchIndexes) await index.rebuild(db);
  },
  sealSearchIndex: (db) => sealEach(db, massworkSearchIndexes),
};
