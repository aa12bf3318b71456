import "reflect-metadata";
import { buildFederatedSchema, type SubgraphDefinition } from "../../common";
import { BacklogCase } from "./entities/backlog-case";
import { Petition } from "./entities/petition";
import { PetitionPetitioner, Petitioner } from "./entities/petitioner";
import { Review } from "./entities/review";
import { StatusChange } from "./entities/status-change";
import { Visit } from "./entities/visit";
import { loadDemoData } from "./demo";
import { BureauInitial1732400000000 } from "./migrations/1732400000000-initial";
import { referenceResolvers } from "./references";
import { AnnualReportResolver, ThreeRatesResolver } from "./resolvers/annual-report.resolver";
import { BacklogCaseResolver } from "./resolvers/backlog-case.resolver";
import { OnlineMessage, OnlineMessageResolver } from "./resolvers/online-message.resolver";
import { SearchResolver } from "./resolvers/search.resolver";
import { PetitionMutationResolver } from "./resolvers/petition-mutation.resolver";
import { PetitionResolver } from "./resolvers/petition.resolver";
import { PetitionerResolver } from "./resolvers/petitioner.resolver";
import { VisitResolver } from "./resolvers/visit.resolver";

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
        BacklogCaseResolver,
        OnlineMessageResolver,
        AnnualReportResolver,
        ThreeRatesResolver,
        SearchResolver,
      ],
      orphanedTypes: [Review, OnlineMessage],
      referenceResolvers,
    }),
  entities: [Petition, Petitioner, PetitionPetitioner, Visit, Review, BacklogCase, StatusChange],
  migrations: [BureauInitial1732400000000],
  loadDemoData,
};
