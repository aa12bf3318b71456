import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { Access } from "../../../common/auth";
import { pageSize } from "../../../common/db";
import { type SubgraphContext } from "../../../common/server";
import { AnnualReport } from "../entities/annual-report";
import { Forwarding, ForwardingKind } from "../entities/forwarding";
import { Petition } from "../entities/petition";
import { Supervision } from "../entities/supervision";
import {
  ForwardingFigures,
  SupervisionConnection,
  SupervisionFilter,
  SupervisionItem,
} from "../entities/supervision-list";
import { bureauLoaders } from "../loaders";
import {
  answerForwarding,
  forwardPetition,
  MAX_FORWARDING_DAYS,
  superviseCase,
} from "../services/forwarding";
import { lateByDays } from "../services/procedure";
import { forwardingFigures, supervisionPage } from "../services/supervision";
import { wholeNumber } from "../services/validation";

const versionOf = (version: number) => wholeNumber("version", version, 1, 2_147_483_647);

/** 转送/交办 and 督办: bureau staff send matters on, record the answers and chase what is late. */
@Authorized(Access.bureauStaff)
@Resolver()
class ForwardingMutationResolver {
  @Mutation(() => Forwarding, {
    description: `转送/交办: sends a REGISTERED, ACCEPTED or IN_PROGRESS petition to the unit responsible (its new responsibleUnit), whose answer is due in \`days\` (1 to ${MAX_FORWARDING_DAYS}) or by \`deadline\`; an assignment needs one, a forwarding defaults to 15 days`,
  })
  forwardPetition(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("kind", () => ForwardingKind) kind: ForwardingKind,
    @Arg("unit", () => String) unit: string,
    @Ctx() ctx: SubgraphContext,
    @Arg("days", () => Int, { nullable: true }) days?: number,
    @Arg("deadline", () => Date, { nullable: true }) deadline?: Date,
    @Arg("note", () => String, { nullable: true }) note?: string,
  ): Promise<Forwarding> {
    return forwardPetition(ctx, id, versionOf(version), { kind, unit, days, deadline, note });
  }

  @Mutation(() => Forwarding, {
    description:
      "records the unit's answer to a forwarding, once; a late answer is taken and the history says so",
  })
  answerForwarding(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("answer", () => String) answer: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Forwarding> {
    return answerForwarding(ctx, id, versionOf(version), answer);
  }

  @Mutation(() => Supervision, {
    description:
      "督办: a supervision notice about a petition (its version), written into its history; with `forwardingId` it chases that unanswered forwarding and `newDeadline` moves its deadline; the procedure's own dates never move",
  })
  superviseCase(
    @Arg("petitionId", () => ID) petitionId: string,
    @Arg("version", () => Int) version: number,
    @Arg("note", () => String) note: string,
    @Ctx() ctx: SubgraphContext,
    @Arg("newDeadline", () => Date, { nullable: true }) newDeadline?: Date,
    @Arg("forwardingId", () => ID, { nullable: true }) forwardingId?: string,
  ): Promise<Supervision> {
    return superviseCase(ctx, petitionId, versionOf(version), { note, newDeadline, forwardingId });
  }
}

/** 督查: the supervision office's list of every deadline missed; read like petitions. */
@Resolver()
class SupervisionQueryResolver {
  @Authorized(Access.caseReaders)
  @Query(() => SupervisionConnection, {
    description:
      "督查: every overdue deadline (acceptance, reply, review, re-review, forwarding), most days overdue first",
  })
  supervision(
    @Ctx() ctx: SubgraphContext,
    @Arg("filter", () => SupervisionFilter, { nullable: true }) filter?: SupervisionFilter,
    @Arg("first", () => Int, {
      nullable: true,
      description: "page size, 20 unless given, at most 200",
    })
    first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
  ): Promise<SupervisionConnection> {
    return supervisionPage(ctx.db, filter, pageSize(first), after, ctx.clock.now());
  }
}

@Resolver(() => SupervisionItem)
class SupervisionItemResolver {
  @FieldResolver(() => Petition)
  async petition(@Root() i: SupervisionItem, @Ctx() ctx: SubgraphContext): Promise<Petition> {
    return (await bureauLoaders(ctx.loaders).petition.load(i.petitionId))!;
  }

  @FieldResolver(() => Forwarding, {
    nullable: true,
    description: "the forwarding whose answer is late (kind FORWARDING)",
  })
  forwarding(@Root() i: SupervisionItem, @Ctx() ctx: SubgraphContext): Promise<Forwarding | null> {
    return i.forwardingId === null
      ? Promise.resolve(null)
      : bureauLoaders(ctx.loaders).forwarding.load(i.forwardingId);
  }
}

@Resolver(() => Forwarding)
class ForwardingResolver {
  @FieldResolver(() => Boolean, {
    description: "not answered, and its deadline has passed",
  })
  overdue(@Root() f: Forwarding, @Ctx() ctx: SubgraphContext): boolean {
    return f.answeredAt === null && f.deadline.getTime() < ctx.clock.now().getTime();
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "by how many days the answer came after the deadline (0: in time); null until answered",
  })
  answeredLateByDays(@Root() f: Forwarding): number | null {
    return lateByDays(f.answeredAt, f.deadline);
  }

  @FieldResolver(() => Petition)
  async petition(@Root() f: Forwarding, @Ctx() ctx: SubgraphContext): Promise<Petition> {
    return (await bureauLoaders(ctx.loaders).petition.load(f.petitionId))!;
  }
}

@Resolver(() => Supervision)
class SupervisionResolver {
  @FieldResolver(() => Forwarding, { nullable: true, description: "the forwarding it chased" })
  forwarding(@Root() s: Supervision, @Ctx() ctx: SubgraphContext): Promise<Forwarding | null> {
    return s.forwardingId === null
      ? Promise.resolve(null)
      : bureauLoaders(ctx.loaders).forwarding.load(s.forwardingId);
  }

  @FieldResolver(() => Petition)
  async petition(@Root() s: Supervision, @Ctx() ctx: SubgraphContext): Promise<Petition> {
    return (await bureauLoaders(ctx.loaders).petition.load(s.petitionId))!;
  }
}

/** What a petition's forwardings and supervision notices add to the case view. */
@Resolver(() => Petition)
class PetitionForwardingResolver {
  @FieldResolver(() => [Forwarding], {
    description: "转送/交办: where the matter was sent, in order, with the units' answers",
  })
  forwardings(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<Forwarding[]> {
    return bureauLoaders(ctx.loaders).forwardingsOf.load(p.id);
  }

  @FieldResolver(() => [Supervision], { description: "督办: the supervision notices, in order" })
  supervisions(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<Supervision[]> {
    return bureauLoaders(ctx.loaders).supervisionsOf.load(p.id);
  }
}

/** The bureau's forwarding figures of the annual report. */
@Resolver(() => AnnualReport)
class ForwardingReportResolver {
  @FieldResolver(() => ForwardingFigures, {
    description: "转送/交办 made in the year, answered, answered on time",
  })
  forwardings(@Root() r: AnnualReport, @Ctx() ctx: SubgraphContext): Promise<ForwardingFigures> {
    return forwardingFigures(ctx.loaders, r.year);
  }
}

export const forwardingResolvers = [
  ForwardingMutationResolver,
  SupervisionQueryResolver,
  SupervisionItemResolver,
  ForwardingResolver,
  SupervisionResolver,
  PetitionForwardingResolver,
  ForwardingReportResolver,
] as const;
