import { Arg, Authorized, Ctx, Int, Query, Resolver } from "type-graphql";
import { Access } from "../../../common/auth";
import { pageSize } from "../../../common/db";
import { type SubgraphContext } from "../../../common/server";
import {
  BacklogCaseConnection,
  BacklogCaseFilter,
  VisitConnection,
  VisitFilter,
} from "../entities/registers";
import { backlogPage, visitPage } from "../services/registers";

const FIRST = { nullable: true, description: "page size, 20 unless given, at most 200" };

/** The workbench's registers (登记簿, 台账), paged by cursor like `petitions`; read like petitions. */
@Authorized(Access.caseReaders)
@Resolver()
export class RegisterResolver {
  @Query(() => VisitConnection, { description: "来访登记簿: visits, newest received first" })
  visits(
    @Ctx() ctx: SubgraphContext,
    @Arg("filter", () => VisitFilter, { nullable: true }) filter?: VisitFilter,
    @Arg("first", () => Int, FIRST) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
  ): Promise<VisitConnection> {
    return visitPage(ctx.db, filter, pageSize(first), after);
  }

  @Query(() => BacklogCaseConnection, {
    description: "信访积案台账: backlog cases by batch, then in the order assigned",
  })
  backlogCases(
    @Ctx() ctx: SubgraphContext,
    @Arg("filter", () => BacklogCaseFilter, { nullable: true }) filter?: BacklogCaseFilter,
    @Arg("first", () => Int, FIRST) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
  ): Promise<BacklogCaseConnection> {
    return backlogPage(ctx.db, filter, pageSize(first), after);
  }
}
