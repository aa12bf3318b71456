import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { type SubgraphContext } from "../../../common/server";
import { Petition } from "../entities/petition";
import { PetitionConnection } from "../entities/petition-connection";
import { ForwardingConnection, StatusChangeConnection } from "../entities/petition-lists";
import { Petitioner } from "../entities/petitioner";
import { VisitConnection } from "../entities/registers";
import { bureauLoaders } from "../loaders";

/**
 * The per-owner lists a page at a time, beside the plain lists (which the contract keeps): the
 * same rows in the same order, read by whoever reads the lists (the nodes' own fields mask and
 * audit as anywhere). A request's pages are batched: the statements stay constant in the number
 * of parents (common/db/owner-pages.ts).
 */
const FIRST = { nullable: true, description: "page size, 20 unless given, at most 200" };
const AFTER = { nullable: true, description: "the endCursor of the page before" };

@Resolver(() => Petition)
export class PetitionPagesResolver {
  @FieldResolver(() => VisitConnection, {
    description: "来访: the visits a page at a time, earliest received first (as visits)",
  })
  visitPage(
    @Root() p: Petition,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, FIRST) first?: number,
    @Arg("after", () => String, AFTER) after?: string,
  ): Promise<VisitConnection> {
    return bureauLoaders(ctx.loaders).visitPagesOf.page(p.id, first, after);
  }

  @FieldResolver(() => StatusChangeConnection, {
    description: "the history a page at a time, in the order written (as history)",
  })
  historyPage(
    @Root() p: Petition,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, FIRST) first?: number,
    @Arg("after", () => String, AFTER) after?: string,
  ): Promise<StatusChangeConnection> {
    return bureauLoaders(ctx.loaders).historyPagesOf.page(p.id, first, after);
  }

  @FieldResolver(() => ForwardingConnection, {
    description: "转送/交办: the forwardings a page at a time, in the order made (as forwardings)",
  })
  forwardingPage(
    @Root() p: Petition,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, FIRST) first?: number,
    @Arg("after", () => String, AFTER) after?: string,
  ): Promise<ForwardingConnection> {
    return bureauLoaders(ctx.loaders).forwardingPagesOf.page(p.id, first, after);
  }

  @FieldResolver(() => PetitionConnection, {
    description:
      "the later petitions registered as repeats of this one a page at a time, earliest received first (as repeats)",
  })
  repeatPage(
    @Root() p: Petition,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, FIRST) first?: number,
    @Arg("after", () => String, AFTER) after?: string,
  ): Promise<PetitionConnection> {
    return bureauLoaders(ctx.loaders).repeatPagesOf.page(p.id, first, after);
  }

  @FieldResolver(() => PetitionConnection, {
    description:
      "合并件: the petitions merged into this one a page at a time, earliest received first (as duplicates)",
  })
  duplicatePage(
    @Root() p: Petition,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, FIRST) first?: number,
    @Arg("after", () => String, AFTER) after?: string,
  ): Promise<PetitionConnection> {
    return bureauLoaders(ctx.loaders).duplicatePagesOf.page(p.id, first, after);
  }
}

@Resolver(() => Petitioner)
export class PetitionerPagesResolver {
  @FieldResolver(() => PetitionConnection, {
    description: "their petitions a page at a time, in the order registered (as petitions)",
  })
  petitionPage(
    @Root() p: Petitioner,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, FIRST) first?: number,
    @Arg("after", () => String, AFTER) after?: string,
  ): Promise<PetitionConnection> {
    return bureauLoaders(ctx.loaders).petitionPagesOf.page(p.id, first, after);
  }
}
