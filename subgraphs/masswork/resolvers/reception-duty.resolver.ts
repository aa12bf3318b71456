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
import { Access } from "../../../common/auth";
import { beijingDate, boundedText } from "../../../common/text";
import { badInput, parseId } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { DateScalar } from "../../../common/time";
import { dateText } from "../services/checks";
import { dutiesBetween, scheduleDuty } from "../services/duties";
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
    return dutiesBetween(ctx.db, first, last);
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
    return scheduleDuty(ctx.db, row);
  }

  @FieldResolver(() => Leader)
  async leader(@Root() d: ReceptionDuty, @Ctx() ctx: SubgraphContext): Promise<Leader> {
    return (await massworkLoaders(ctx.loaders).leader.load(d.leaderId))!;
  }
}
