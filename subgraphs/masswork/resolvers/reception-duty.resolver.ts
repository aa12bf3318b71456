import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { Between } from "typeorm";
import { Access } from "../../../common/auth";
import { isUniqueViolation } from "../../../common/db";
import { beijingDate, boundedText } from "../../../common/text";
import { badInput, parseId } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { DateScalar } from "../../../common/time";
import { dateText } from "../services/checks";
import { Leader } from "../entities/leader";
import { ReceptionDuty } from "../entities/reception-duty";
import { massworkLoaders } from "../loaders";

const DAY_MS = 86_400_000;
/** a year's schedule at most per request, leap years included */
const MAX_SPAN_DAYS = 366;

@Resolver(() => ReceptionDuty)
export class ReceptionDutyResolver {
  @Query(() => [ReceptionDuty], {
    description: "接访排班: the duties from one day to another, both included",
  })
  receptionDuties(
    @Arg("from", () => DateScalar) from: Date,
    @Arg("to", () => DateScalar) to: Date,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ReceptionDuty[]> {
    const first = dateText(from);
    const last = dateText(to);
    if (first > last) throw badInput("from", "must not be after to");
    if ((Date.parse(last) - Date.parse(first)) / DAY_MS > MAX_SPAN_DAYS)
      throw badInput("to", `must be at most ${MAX_SPAN_DAYS} days after from`);
    return ctx.db
      .getRepository(ReceptionDuty)
      .find({ where: { date: Between(first, last) }, order: { date: "ASC", id: "ASC" } });
  }

  @Authorized(Access.massworkStaff)
  @Mutation(() => ReceptionDuty, {
    description: "schedules a leader's reception day; one per leader and date",
  })
  async scheduleDuty(
    @Arg("leaderId", () => ID) leaderId: string,
    @Arg("date", () => DateScalar) date: Date,
    @Arg("location", () => String) location: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ReceptionDuty> {
    const row: Omit<ReceptionDuty, "id" | "level"> = {
      leaderId: parseId("leaderId", leaderId),
      date: dateText(date),
      location: boundedText("location", location, 2, 100),
    };
    // a schedule is made for the coming months, not for years ahead
    const latest = beijingDate(new Date(ctx.clock.now().getTime() + MAX_SPAN_DAYS * DAY_MS));
    if (row.date > latest) throw badInput("date", `must be at most ${MAX_SPAN_DAYS} days ahead`);
    const leader = await ctx.db.getRepository(Leader).findOneBy({ id: row.leaderId });
    if (!leader) throw badInput("leaderId", "no such leader");
    const taken = () => badInput("date", "the leader already has a reception duty that day");
    if (
      await ctx.db.getRepository(ReceptionDuty).existsBy({ leaderId: row.leaderId, date: row.date })
    )
      throw taken();
    const duty = { ...row, level: leader.level } as ReceptionDuty;
    try {
      const result = await ctx.db.getRepository(ReceptionDuty).insert(duty);
      return { ...duty, id: Number(result.identifiers[0].id) };
    } catch (e) {
      // a concurrent request scheduled the same day between the check and the insert
      if (isUniqueViolation(e)) throw taken();
      throw e;
    }
  }

  @FieldResolver(() => Leader)
  async leader(@Root() d: ReceptionDuty, @Ctx() ctx: SubgraphContext): Promise<Leader> {
    return (await massworkLoaders(ctx.loaders).leader.load(d.leaderId))!;
  }
}
