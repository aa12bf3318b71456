import { Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import { type SubgraphContext } from "../../../common/server";
import { AnnualReport } from "../entities/annual-report";
import { writeChapter } from "../services/chapter";
import { backlogFigures, onlineTransfers, visitFigures } from "../services/report-figures";

/**
 * AnnualReport.chapter is the bureau's (it writes the yearbook's chapter on petition work) and
 * needs masswork's and the service center's figures: it @requires them, so the gateway fetches
 * them from their owners in the same request and hands them over with the key. Chosen over
 * asking the graph from the resolver (a second round trip through the gateway, with the caller
 * re-signed) and over composing it in the gateway (policy in the gateway). While masswork or
 * the service center is down the gateway cannot fetch what it requires and the chapter is null,
 * with the outage's error, while the report's other fields answer (test/chapter.test.ts); a
 * figure that comes as null (a figure field's own failure) leaves out only its section.
 */
@Resolver(() => AnnualReport)
export class ChapterResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "信访工作: the yearbook chapter's 概况 and sections written from the year's records, in the yearbook's style (件次、人次、批次, 同比上升/下降 x%); null while masswork or the service center is unavailable",
  })
  @Directive(
    '@requires(fields: "screening { found resolved escalated } countyLeaderReceptions { cases persons } website { messages replied replyRate } opinionDigests")',
  )
  async chapter(@Root() r: AnnualReport, @Ctx() ctx: SubgraphContext): Promise<string> {
    const [{ visits, escalated }, transfers, backlog] = await Promise.all([
      visitFigures(ctx.loaders, r.year),
      onlineTransfers(ctx.loaders, r.year),
      backlogFigures(ctx.loaders, r.year),
    ]);
    return writeChapter({
      year: r.year,
      visits,
      escalated,
      onlineTransfers: transfers,
      backlogAssigned: backlog.assigned,
      backlogBatches: backlog.batches,
      screening: r.screening ?? null,
      countyLeaderReceptions: r.countyLeaderReceptions ?? null,
      website: r.website ?? null,
      opinionDigests: r.opinionDigests ?? null,
    });
  }
}
