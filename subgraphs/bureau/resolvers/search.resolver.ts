import { Arg, Ctx, Directive, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from "type-graphql";
import { containsPattern, hitCount, searchText, type SubgraphContext } from "../../../common";
import { Petition } from "../entities/petition";

/** One search across the departments; each adds the hits from its own records. */
@ObjectType({ description: "the hits of one search, from every department" })
@Directive('@key(fields: "text")')
export class SearchResults {
  @Field(() => String)
  text: string;
}

@Resolver(() => SearchResults)
export class SearchResolver {
  @Query(() => SearchResults, { description: "one search box over every department's text" })
  search(@Arg("text", () => String) text: string): SearchResults {
    return { text: searchText(text) };
  }

  @FieldResolver(() => [Petition], { description: "by serial number, title or content; newest first" })
  async petitions(
    @Root() r: SearchResults,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, { nullable: true }) first?: number,
  ): Promise<Petition[]> {
    const limit = hitCount(first);
    const text = searchText(r.text);
    if (!text || limit === 0) return [];
    return ctx.db
      .getRepository(Petition)
      .createQueryBuilder("p")
      // the escape character goes in as a parameter: SQLite and MySQL quote a literal \ differently
      .where("(p.serial_no LIKE :pattern ESCAPE :escape OR p.title LIKE :pattern ESCAPE :escape OR p.content LIKE :pattern ESCAPE :escape)", {
        pattern: containsPattern(text),
        escape: "\\",
      })
      .orderBy("p.received_at", "DESC")
      .addOrderBy("p.id", "DESC")
      .limit(limit)
      .getMany();
  }
}
