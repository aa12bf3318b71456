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
import { In, type FindOptionsWhere } from "typeorm";
import { Access } from "../../../common/auth";
import { PetitionCategory } from "../../../common/domain";
import { boundedText } from "../../../common/text";
import { badInput, notFound, parseId, procedureViolation } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { optionalId, requirePetition } from "../services/checks";
import { Petition, petitionRef } from "../external/bureau";
import { RiskItem } from "../entities/risk-item";
import { Town } from "../entities/town";
import { RiskStatus } from "../entities/enums";
import { massworkLoaders } from "../loaders";
import { riskItemSearch } from "../services/search-index";

@Resolver(() => RiskItem)
export class RiskItemResolver {
  @Authorized(Access.caseReaders)
  @Query(() => [RiskItem], { description: "矛盾隐患, newest first" })
  riskItems(
    @Ctx() ctx: SubgraphContext,
    @Arg("status", () => [RiskStatus], { nullable: true }) status?: RiskStatus[] | null,
    @Arg("townId", () => ID, { nullable: true }) townId?: string | null,
  ): Promise<RiskItem[]> {
    const where: FindOptionsWhere<RiskItem> = {};
    if (status?.length) where.status = In(status);
    const town = optionalId("townId", townId);
    if (town !== null) where.townId = town;
    return ctx.db
      .getRepository(RiskItem)
      .find({ where, order: { reportedAt: "DESC", id: "DESC" } });
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
    if (!(await ctx.db.getRepository(Town).existsBy({ id: town })))
      throw badInput("townId", "no such town");
    await requirePetition(ctx, petition);
    const row = {
      townId: town,
      category,
      description: text,
      status: RiskStatus.OPEN,
      reportedAt: ctx.clock.now(),
      resolvedAt: null,
      petitionId: petition,
    } as RiskItem;
    // the index commits with the item: it is searchable once this returns
    const id = await ctx.db.transaction(async (tx) => {
      const inserted = Number((await tx.insert(RiskItem, row)).identifiers[0].id);
      await riskItemSearch.refresh(tx, [inserted]);
      return inserted;
    });
    return { ...row, id };
  }

  @Authorized(Access.massworkStaff)
  @Mutation(() => RiskItem, { description: "marks an OPEN dispute as settled (化解)" })
  async resolveRiskItem(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<RiskItem> {
    const itemId = parseId("id", id);
    const repo = ctx.db.getRepository(RiskItem);
    // Conditional on OPEN, so of two concurrent resolves only one changes the row.
    const result = await repo
      .createQueryBuilder()
      .update(RiskItem)
      .set({ status: RiskStatus.RESOLVED, resolvedAt: ctx.clock.now() })
      .where("id = :id AND status = :open", { id: itemId, open: RiskStatus.OPEN })
      .execute();
    const item = await repo.findOneBy({ id: itemId });
    if (!item) throw notFound("RiskItem", id);
    if (result.affected !== 1)
      throw procedureViolation(
        "risk-item-open",
        `risk item ${id} is ${item.status}: only an OPEN item can be resolved`,
      );
    return item;
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
