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
import { PetitionCategory } from "../../../common/domain";
import { boundedText } from "../../../common/text";
import { parseId } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { optionalId } from "../services/checks";
import { riskItemPage } from "../services/risk-item-query";
import { RiskItemConnection, RiskItemFilter } from "../entities/risk-item-connection";
import {
  escalateRiskItem,
  reopenRiskItem,
  reportRiskItem,
  resolveRiskItem,
  riskItemsWhere,
} from "../services/risk-items";
import { Petition, petitionRef } from "../external/bureau";
import { RiskItem } from "../entities/risk-item";
import { Town } from "../entities/town";
import { RiskStatus } from "../entities/enums";
import { massworkLoaders } from "../loaders";

/**
 * Escalating and reopening need the version read: reopening takes an item back to OPEN, so
 * without it a step decided on what was read before a resolve and a reopen would still pass.
 */
const VERSION_READ =
  "the version read; refused with CONFLICT when someone changed it since (required: an item can go back to OPEN)";

@Resolver(() => RiskItem)
export class RiskItemResolver {
  @Authorized(Access.caseReaders)
  @Query(() => [RiskItem], { description: "矛盾隐患, newest first" })
  riskItems(
    @Ctx() ctx: SubgraphContext,
    @Arg("status", () => [RiskStatus], { nullable: true }) status?: RiskStatus[] | null,
    @Arg("townId", () => ID, { nullable: true }) townId?: string | null,
  ): Promise<RiskItem[]> {
    return riskItemsWhere(ctx.db, status, optionalId("townId", townId));
  }

  @Authorized(Access.caseReaders)
  @Query(() => RiskItemConnection, {
    description:
      "矛盾隐患 a page at a time, newest reported first (first: 20 unless given, at most 200)",
  })
  riskItemPage(
    @Ctx() ctx: SubgraphContext,
    @Arg("filter", () => RiskItemFilter, { nullable: true }) filter?: RiskItemFilter | null,
    @Arg("first", () => Int, { nullable: true }) first?: number | null,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
  ): Promise<RiskItemConnection> {
    return riskItemPage(ctx.db, filter, pageSize(first), after);
  }

  @Authorized(Access.massworkStaff)
  @Mutation(() => RiskItem, { description: "reports a dispute found by screening; it starts OPEN" })
  async reportRiskItem(
    @Arg("townId", () => ID) townId: string,
    @Arg("category", () => PetitionCategory) category: PetitionCategory,
    @Arg("description", () => String) description: string,
    @Ctx() ctx: SubgraphContext,
    @Arg("petitionId", () => ID, { nullable: true }) petitionId?: string | null,
  ): Promise<RiskItem> {
    const town = parseId("townId", townId);
    const text = boundedText("description", description, 2, 2000);
    const petition = optionalId("petitionId", petitionId);
    return reportRiskItem(ctx, { townId: town, category, description: text, petitionId: petition });
  }

  @Authorized(Access.massworkStaff)
  @Mutation(() => RiskItem, { description: "marks an OPEN dispute as settled (化解)" })
  async resolveRiskItem(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: SubgraphContext,
    @Arg("version", () => Int, {
      nullable: true,
      description: "the version read; refused with CONFLICT when someone changed it since",
    })
    version?: number | null,
  ): Promise<RiskItem> {
    return resolveRiskItem(ctx, id, version);
  }

  @Authorized(Access.massworkStaff)
  @Mutation(() => RiskItem, {
    description:
      "marks an OPEN dispute as sharpened (激化), with what happened; it becomes ESCALATED",
  })
  async escalateRiskItem(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, { description: VERSION_READ }) version: number,
    @Arg("whatHappened", () => String) whatHappened: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<RiskItem> {
    const text = boundedText("whatHappened", whatHappened, 2, 2000);
    return escalateRiskItem(ctx, id, version, text);
  }

  @Authorized(Access.massworkStaff)
  @Mutation(() => RiskItem, {
    description: "opens a RESOLVED or ESCALATED dispute again, with the reason; it becomes OPEN",
  })
  async reopenRiskItem(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, { description: VERSION_READ }) version: number,
    @Arg("reason", () => String) reason: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<RiskItem> {
    const text = boundedText("reason", reason, 2, 2000);
    return reopenRiskItem(ctx, id, version, text);
  }

  @FieldResolver(() => Town, { nullable: true })
  town(@Root() r: RiskItem, @Ctx() ctx: SubgraphContext): Promise<Town | null> {
    return massworkLoaders(ctx.loaders).town.load(r.townId);
  }

  @FieldResolver(() => Petition, { nullable: true })
  petition(@Root() r: RiskItem): Petition | null {
    return petitionRef(r.petitionId);
  }
}
