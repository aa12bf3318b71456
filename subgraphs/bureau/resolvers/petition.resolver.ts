import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { Access } from "../../../common/auth";
import { pageSize } from "../../../common/db";
import { parseId } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { BacklogCase } from "../entities/backlog-case";
import { Petition } from "../entities/petition";
import { Petitioner } from "../entities/petitioner";
import { Town, townRef } from "../external/masswork";
import { Review } from "../entities/review";
import { StatusChange } from "../entities/status-change";
import { Visit } from "../entities/visit";
import { bureauLoaders } from "../loaders";
import { PetitionConnection, PetitionFilter } from "../entities/petition-connection";
import { petitionPage } from "../services/petition-query";
import { lateByDays } from "../services/procedure";
import { DeadlineExtension, PetitionReply } from "../entities/petition-records";

@Resolver(() => Petition)
export class PetitionResolver {
  @Authorized(Access.caseReaders)
  @Query(() => Petition, { nullable: true })
  petition(@Arg("id", () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Petition | null> {
    return bureauLoaders(ctx.loaders).petition.load(parseId("id", id));
  }

  @Authorized(Access.caseReaders)
  @Query(() => PetitionConnection)
  petitions(
    @Ctx() ctx: SubgraphContext,
    @Arg("filter", () => PetitionFilter, { nullable: true }) filter?: PetitionFilter,
    @Arg("first", () => Int, {
      nullable: true,
      description: "page size, 20 unless given, at most 200",
    })
    first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
  ): Promise<PetitionConnection> {
    return petitionPage(ctx.db, filter, pageSize(first), after, ctx.clock.now());
  }

  @FieldResolver(() => Boolean, {
    description: "the current step (acceptance, reply, review decision) is past its deadline",
  })
  overdue(@Root() p: Petition, @Ctx() ctx: SubgraphContext): boolean {
    return p.currentDeadline !== null && p.currentDeadline.getTime() < ctx.clock.now().getTime();
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "受理/不予受理 after the 15-day window: by how many days the decision came late (0: in time); null until decided",
  })
  decidedLateByDays(@Root() p: Petition): number | null {
    return lateByDays(p.acceptedAt ?? p.declinedAt, p.acceptanceDeadline);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "逾期办结: by how many days the reply came after the due date, its extension included (0: in time); null until replied",
  })
  repliedLateByDays(@Root() p: Petition): number | null {
    return lateByDays(p.repliedAt, p.dueAt);
  }

  @FieldResolver(() => PetitionReply, {
    nullable: true,
    description: "办结答复: the written reply, its unit and time; null until replied",
  })
  reply(@Root() p: Petition): PetitionReply | null {
    return p.replyText === null || p.repliedAt === null
      ? null
      : { text: p.replyText, repliedAt: p.repliedAt, unit: p.responsibleUnit };
  }

  @FieldResolver(() => DeadlineExtension, {
    nullable: true,
    description:
      "延期: the one extension of the due date (days, reason, when, by whom); null if none",
  })
  extension(@Root() p: Petition): DeadlineExtension | null {
    return p.extensionReason === null
      ? null
      : {
          days: p.extensionDays,
          reason: p.extensionReason,
          extendedAt: p.extendedAt,
          extendedBy: p.extendedBy,
        };
  }

  @FieldResolver(() => Town, { nullable: true })
  town(@Root() p: Petition): Town | null {
    return townRef(p.townId);
  }

  @FieldResolver(() => [Petitioner])
  petitioners(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<Petitioner[]> {
    return bureauLoaders(ctx.loaders).petitionersOf.load(p.id);
  }

  @FieldResolver(() => [Visit])
  visits(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<Visit[]> {
    return bureauLoaders(ctx.loaders).visitsOf.load(p.id);
  }

  @FieldResolver(() => [Review])
  reviews(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<Review[]> {
    return bureauLoaders(ctx.loaders).reviewsOf.load(p.id);
  }

  @FieldResolver(() => BacklogCase, { nullable: true })
  backlog(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<BacklogCase | null> {
    return bureauLoaders(ctx.loaders).backlogOf.load(p.id);
  }

  @FieldResolver(() => Petition, {
    nullable: true,
    description: "the petition this duplicate was merged into",
  })
  async duplicateOf(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<Petition | null> {
    return p.duplicateOfId === null
      ? null
      : bureauLoaders(ctx.loaders).petition.load(p.duplicateOfId);
  }

  @FieldResolver(() => Petition, {
    nullable: true,
    description: "the earlier petition on the same matter that this one repeats",
  })
  async repeatOf(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<Petition | null> {
    return p.repeatOfId === null ? null : bureauLoaders(ctx.loaders).petition.load(p.repeatOfId);
  }

  @FieldResolver(() => [StatusChange])
  history(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<StatusChange[]> {
    return bureauLoaders(ctx.loaders).historyOf.load(p.id);
  }
}
