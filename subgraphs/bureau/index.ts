import "reflect-metadata";
import { buildFederatedSchema, type SubgraphDefinition } from "../../common/server";
import { BacklogCase } from "./entities/backlog-case";
import { Petition } from "./entities/petition";
import { PetitionPetitioner, Petitioner } from "./entities/petitioner";
import { Review } from "./entities/review";
import { StatusChange } from "./entities/status-change";
import { Forwarding } from "./entities/forwarding";
import { Supervision } from "./entities/supervision";
import { Visit } from "./entities/visit";
import { bureauSeedRows } from "./seed";
import { BureauInitial1732400000000 } from "./migrations/1732400000000-initial";
import { BureauPersonalDataAudit1732600000000 } from "./migrations/1732600000000-personal-data-audit";
import { BureauSearchIndex1733000000000 } from "./migrations/1733000000000-search-index";
import { BureauReportIndexes1733100000000 } from "./migrations/1733100000000-report-indexes";
import { petitionSearch } from "./services/search-index";
import { AuditLogResolver } from "./resolvers/audit-log.resolver";
import { BureauPetitionTotal1733200000000 } from "./migrations/1733200000000-petition-total";
import { forgetPetitionTotal } from "./services/petition-total";
import { BureauSerialCounter1733300000000 } from "./migrations/1733300000000-serial-counter";
import { BureauUniqueReferences1733400000000 } from "./migrations/1733400000000-unique-references";
import { BureauPetitionRecords1733500000000 } from "./migrations/1733500000000-petition-records";
import { BureauBacklogVersion1733600000000 } from "./migrations/1733600000000-backlog-version";
import { BureauPetitionerVersion1733700000000 } from "./migrations/1733700000000-petitioner-version";
import { BureauForwarding1733800000000 } from "./migrations/1733800000000-forwarding";
import { BureauPetitionSourceCall1734000000000 } from "./migrations/1734000000000-petition-source-call";
import { BureauStatisticsIndexes1734100000000 } from "./migrations/1734100000000-statistics-indexes";
import { BureauFigureCache1734200000000 } from "./migrations/1734200000000-figure-cache";
import { recountSerialNumbers } from "./services/serial-numbers";
import { referenceResolvers } from "./references";
import { AnnualReportResolver, ThreeRatesResolver } from "./resolvers/annual-report.resolver";
import { BacklogCaseResolver } from "./resolvers/backlog-case.resolver";
import { OnlineMessage, OnlineMessageResolver } from "./resolvers/online-message.resolver";
import { HotlineCall, HotlineCallResolver } from "./resolvers/hotline-call.resolver";
import { SearchResolver } from "./resolvers/search.resolver";
import { PetitionMutationResolver } from "./resolvers/petition-mutation.resolver";
import { PetitionResolver } from "./resolvers/petition.resolver";
import { PetitionerResolver } from "./resolvers/petitioner.resolver";
import { VisitResolver } from "./resolvers/visit.resolver";
import { ReviewResolver } from "./resolvers/review.resolver";
import { RegisterResolver } from "./resolvers/register.resolver";
import { forwardingResolvers } from "./resolvers/forwarding.resolver";
import { StatisticsResolver } from "./resolvers/statistics.resolver";
import { ChapterResolver } from "./resolvers/chapter.resolver";
import { DuplicatesResolver } from "./resolvers/duplicates.resolver";
import { PetitionerPagesResolver, PetitionPagesResolver } from "./resolvers/owner-pages.resolver";
import { BureauDuplicateLinks1733900000000 } from "./migrations/1733900000000-duplicate-links";
import { BureauFirstTimeRules1733900000001 } from "./migrations/1733900000001-first-time-rules";
import { BureauFirstVisitByTime1734400000000 } from "./migrations/1734400000000-first-visit-by-time";
import { BureauSearchPostings1734300000000 } from "./migrations/1734300000000-search-postings";
import { BureauSearchBits1734500000000 } from "./migrations/1734500000000-search-bits";
import { BureauSearchRebuildLog1734600000000 } from "./migrations/1734600000000-search-rebuild-log";

/** 信访局, the petition bureau: petitions, petitioners, visits, reviews, backlog cases. */
export const bureau: SubgraphDefinition = {
  name: "bureau",
  buildSchema: () =>
    buildFederatedSchema({
      resolvers: [
        PetitionResolver,
        PetitionMutationResolver,
        PetitionerResolver,
        VisitResolver,
        ReviewResolver,
        RegisterResolver,
        BacklogCaseResolver,
        OnlineMessageResolver,
        HotlineCallResolver,
        AnnualReportResolver,
        ThreeRatesResolver,
        SearchResolver,
        AuditLogResolver,
        ...forwardingResolvers,
        StatisticsResolver,
        ChapterResolver,
        DuplicatesResolver,
        PetitionPagesResolver,
        PetitionerPagesResolver,
      ],
      orphanedTypes: [Review, OnlineMessage, HotlineCall],
      referenceResolvers,
    }),
  entities: [
    Petition,
    Petitioner,
    PetitionPetitioner,
    Visit,
    Review,
    BacklogCase,
    StatusChange,
    Forwarding,
    Supervision,
  ],
  migrations: [
    BureauInitial1732400000000,
    BureauPersonalDataAudit1732600000000,
    BureauSearchIndex1733000000000,
    BureauReportIndexes1733100000000,
    BureauPetitionTotal1733200000000,
    BureauSerialCounter1733300000000,
    BureauUniqueReferences1733400000000,
    BureauPetitionRecords1733500000000,
    BureauBacklogVersion1733600000000,
    BureauPetitionerVersion1733700000000,
    BureauForwarding1733800000000,
    BureauDuplicateLinks1733900000000,
    BureauFirstTimeRules1733900000001,
    BureauPetitionSourceCall1734000000000,
    BureauStatisticsIndexes1734100000000,
    BureauFigureCache1734200000000,
    BureauSearchPostings1734300000000,
    BureauFirstVisitByTime1734400000000,
    BureauSearchBits1734500000000,
    BureauSearchRebuildLog1734600000000,
  ],
  seedRows: bureauSeedRows,
  rebuildSearchIndex: (db) => petitionSearch.rebuild(db),
  sealSearchIndex: async (db) => {
    await petitionSearch.seal(db);
  },
  afterBulkLoad: async (db) => {
    await forgetPetitionTotal(db);
    await recountSerialNumbers(db.manager);
  },
};
