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
import { DateScalar } from "../../../common/time";
import { dateText } from "../services/checks";
import {
  dutiesBetween,
  DUTY_DAYS_AHEAD,
  DUTY_DAYS_BACK,
  scheduleDuty,
  type DutyRequest,
} from "../services/duties";
import { dutyPage } from "../services/network-pages";
import { AdminLevel } from "../entities/enums";
import { ReceptionDutyConnection, ReceptionDutyFilter } from "../entities/network-connections";
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

  @Query(() => ReceptionDutyConnection, {
    description:
      "接访排班 a page at a time, by day (earliest first): the roster of a level, a day, a town, a village or a leader (first: 20 unless given, at most 200)",
  })
  duties(
    @Ctx() ctx: SubgraphContext,
    @Arg("filter", () => ReceptionDutyFilter, { nullable: true })
    filter?: ReceptionDutyFilter | null,
    @Arg("first", () => Int, { nullable: true }) first?: number | null,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
  ): Promise<ReceptionDutyConnection> {
    return dutyPage(ctx.db, filter, pageSize(first), after);
  }

  @Authorized(Access.massworkStaff)
  @Mutation(() => ReceptionDuty, {
    description: `schedules a leader's reception day at the leader's level; one per leader and date, from ${DUTY_DAYS_BACK} days back to ${DUTY_DAYS_AHEAD} ahead`,
  })
  async scheduleDuty(
    @Arg("leaderId", () => ID) leaderId: string,
    @Arg("date", () => DateScalar) date: Date,
    @Arg("location", () => String) location: string,
    @Ctx() ctx: SubgraphContext,
    @Arg("level", () => AdminLevel, {
      nullable: true,
      description: "when given, must be the leader's level",
    })
    level?: AdminLevel | null,
    @Arg("idempotencyKey", () => String, { nullable: true }) key?: string | null,
  ): Promise<ReceptionDuty> {
    const request: DutyRequest = {
      leaderId: parseId("leaderId", leaderId),
      date: dateText(date),
      location: boundedText("location", location, 2, 100),
      level: level ?? null,
    };
    return scheduleDuty(ctx.db, request, idempotencyKeyOf(key), ctx.clock.now());
  }

  @FieldResolver(() => Leader)
  async leader(@Root() d: ReceptionDuty, @Ctx() ctx: SubgraphContext): Promise<Leader> {
    return (await massworkLoaders(ctx.loaders).leader.load(d.leaderId))!;
  }
}
