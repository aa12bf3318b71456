import "reflect-metadata";
import { sealEach } from "../../common/search";
import { buildFederatedSchema, type SubgraphDefinition } from "../../common/server";
import { serviceCenterSeedRows } from "./seed";
import { AnnualReport, ThreeRates } from "./entities/annual-report";
import { Evaluation } from "./entities/evaluation";
import { HotlineCall } from "./entities/hotline-call";
import { OnlineMessage } from "./entities/online-message";
import { Petition } from "./external/bureau";
import { SearchResults } from "./entities/search-results";
import { ServiceCenterInitial1732500000000 } from "./migrations/1732500000000-initial";
import { ServiceCenterPersonalDataAudit1732600000000 } from "./migrations/1732600000000-personal-data-audit";
import { ServiceCenterSearchIndex1733000000000 } from "./migrations/1733000000000-search-index";
import { ServiceCenterReportIndexes1733100000000 } from "./migrations/1733100000000-report-indexes";
import { ServiceCenterHotlineWork1733200000000 } from "./migrations/1733200000000-hotline-work";
import { ServiceCenterMessageTown1733300000000 } from "./migrations/1733300000000-message-town";
import { ServiceCenterFigureCache1734200000000 } from "./migrations/1734200000000-figure-cache";
import { ServiceCenterSearchPostings1734300000000 } from "./migrations/1734300000000-search-postings";
import { ServiceCenterSearchBits1734500000000 } from "./migrations/1734500000000-search-bits";
import { ServiceCenterSearchRebuildLog1734600000000 } from "./migrations/1734600000000-search-rebuild-log";
import { serviceCenterSearchIndexes } from "./services/search-index";
import { AuditLogResolver } from "./resolvers/audit-log.resolver";
import { PersonalDataAudit } from "./entities/audit-log";
import { referenceResolvers } from "./references";
import { AnnualReportResolver, ThreeRatesResolver } from "./resolvers/annual-report.resolver";
import { StatisticsResolver } from "./resolvers/statistics.resolver";
import { Statistics } from "./entities/statistics";
import { EvaluationResolver } from "./resolvers/evaluation.resolver";
import { HotlineCallResolver } from "./resolvers/hotline-call.resolver";
import { OnlineMessageResolver } from "./resolvers/online-message.resolver";
import { PetitionResolver } from "./resolvers/petition.resolver";
import { SearchResultsResolver } from "./resolvers/search-results.resolver";

/** 群众工作中心, the mass-work service center: website messages, hotline calls, evaluations. */
export const serviceCenter: SubgraphDefinition = {
  name: "service-center",
  buildSchema: () =>
    buildFederatedSchema({
      resolvers: [
        OnlineMessageResolver,
        HotlineCallResolver,
        EvaluationResolver,
        PetitionResolver,
        AnnualReportResolver,
        ThreeRatesResolver,
        StatisticsResolver,
        SearchResultsResolver,
        AuditLogResolver,
      ],
      // reached only through _entities: the gateway brings their keys
      orphanedTypes: [
        Petition,
        AnnualReport,
        ThreeRates,
        Statistics,
        SearchResults,
        PersonalDataAudit,
      ],
      referenceResolvers,
    }),
  entities: [OnlineMessage, HotlineCall, Evaluation],
  migrations: [
    ServiceCenterInitial1732500000000,
    ServiceCenterPersonalDataAudit1732600000000,
    ServiceCenterSearchIndex1733000000000,
    ServiceCenterReportIndexes1733100000000,
    ServiceCenterHotlineWork1733200000000,
    ServiceCenterMessageTown1733300000000,
    ServiceCenterFigureCache1734200000000,
    ServiceCenterSearchPostings1734300000000,
    ServiceCenterSearchBits1734500000000,
    ServiceCenterSearchRebuildLog1734600000000,
  ],
  seedRows: serviceCenterSeedRows,
  rebuildSearchIndex: async (db) => {
    for (const index of serviceCenterSearchIndexes) await index.rebuild(db);
  },
  sealSearchIndex: (db) => sealEach(db, serviceCenterSearchIndexes),
};
