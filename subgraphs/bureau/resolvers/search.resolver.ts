import {
  Arg,
  Args,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { Access, hasRole } from "../../../common/auth";
import { HitPageArgs, searchHitConnection, searchHits, searchText } from "../../../common/search";
import { type SubgraphContext } from "../../../common/server";
import { Petition } from "../entities/petition";
import { PetitionHitConnection } from "../entities/search-hits";
import {
  petitionSearch,
  petitionSnippetText,
  petitionersPersonalData,
} from "../services/search-index";

/** One search across the departments; each adds the hits from its own records. */
@ObjectType({ description: "the hits of one search, from every department" })
@Directive('@key(fields: "text")')
export class SearchResults {
  @Field(() => String)
  text: string;
}

@Resolver(() => SearchResults)
export class SearchResolver {
  @Query(() => SearchResults, {
    description:
      "one search box over every department's text: words in Chinese, serial numbers, dates",
  })
  search(@Arg("text", () => String) text: string): SearchResults {
    return { text: searchText(text) };
  }

  @FieldResolver(() => [Petition], {
    description:
      "by serial number, title or content; best match first, then newest; none for callers who may not read cases",
  })
  async petitions(
    @Root() r: SearchResults,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, { nullable: true, description: "10 unless given, at most 50" })
    first?: number | null,
  ): Promise<Petition[]> {
    return searchHits(ctx.db, Petition, petitionSearch, r.text, first, {
      readable: hasRole(ctx.caller, Access.caseReaders),
    });
  }

  @FieldResolver(() => PetitionHitConnection, {
    description:
      "by serial number, title or content, a page at a time, with snippets and a count; empty for callers who may not read cases",
  })
  petitionHits(
    @Root() r: SearchResults,
    @Ctx() ctx: SubgraphContext,
    @Args() page: HitPageArgs,
  ): Promise<InstanceType<typeof PetitionHitConnection>> {
    return searchHitConnection(ctx.db, Petition, petitionSearch, r.text, {
      ...page,
      readable: hasRole(ctx.caller, Access.caseReaders),
      snippetText: petitionSnippetText,
      hidden: (nodes) => petitionersPersonalData(ctx.db, nodes),
    }) as never;
  }
}
