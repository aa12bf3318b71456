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
import { boundedText, idempotencyKey as idempotencyKeyOf } from "../../../common/text";
import { badInput, parseId } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { optionalId } from "../services/checks";
import { recordReception } from "../services/receptions";
import { receptionPage } from "../services/network-pages";
import { ReceptionConnection, ReceptionFilter } from "../entities/network-connections";
import { Leader } from "../entities/leader";
import { Reception } from "../entities/reception";
import { ReceptionDuty } from "../entities/reception-duty";
import { Petition, petitionRef } from "../external/bureau";
import { massworkLoaders } from "../loaders";

const MAX_HEADCOUNT = 10_000;

@Resolver(() => Reception)
export class ReceptionResolver {
  @Authorized(Access.massworkStaff)
  @Mutation(() => Reception, {
    description: "records a leader's reception, linked to the leader's duty that day",
  })
  async recordReception(
    @Arg("leaderId", () => ID) leaderId: string,
    @Arg("receivedAt", () => Date) receivedAt: Date,
    @Arg("headcount", () => Int) headcount: number,
    @Arg("matter", () => String) matter: string,
    @Ctx() ctx: SubgraphContext,
    @Arg("petitionId", () => ID, { nullable: true }) petitionId?: string | null,
    @Arg("idempotencyKey", () => String, {
      nullable: true,
      description: "the same key again answers the first reception and stores nothing",
    })
    key?: string | null,
  ): Promise<Reception> {
    const leader = parseId("leaderId", leaderId);
    if (receivedAt.getTime() > ctx.clock.now().getTime())
      throw badInput("receivedAt", "must not be in the future");
    if (!Number.isInteger(headcount) || headcount < 1 || headcount > MAX_HEADCOUNT)
      throw badInput("headcount", `must be 1 to ${MAX_HEADCOUNT}`);
    const text = boundedText("matter", matter, 2, 500);
    const petition = optionalId("petitionId", petitionId);
    return recordReception(
      ctx,
      { leaderId: leader, receivedAt, headcount, matter: text, petitionId: petition },
      idempotencyKeyOf(key),
    );
  }

  @Authorized(Access.caseReaders)
  @Query(() => ReceptionConnection, {
    description:
      "接访记录 a page at a time, newest received first: by day, leader, level, town or village (first: 20 unless given, at most 200)",
  })
  receptions(
    @Ctx() ctx: SubgraphContext,
    @Arg("filter", () => ReceptionFilter, { nullable: true }) filter?: ReceptionFilter | null,
    @Arg("first", () => Int, { nullable: true }) first?: number | null,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
  ): Promise<ReceptionConnection> {
    return receptionPage(ctx.db, filter, pageSize(first), after);
  }

  @FieldResolver(() => ReceptionDuty, { nullable: true })
  async duty(@Root() r: Reception, @Ctx() ctx: SubgraphContext): Promise<ReceptionDuty | null> {
    return r.dutyId === null ? null : massworkLoaders(ctx.loaders).receptionDuty.load(r.dutyId);
  }

  @FieldResolver(() => Leader)
  async leader(@Root() r: Reception, @Ctx() ctx: SubgraphContext): Promise<Leader> {
    return (await massworkLoaders(ctx.loaders).leader.load(r.leaderId))!;
  }

  @FieldResolver(() => Petition, { nullable: true })
  petition(@Root() r: Reception): Petition | null {
    return petitionRef(r.petitionId);
  }
}
