import { parseStatisticsKey, spanOf, type CountSeries } from "../../common/domain";
import { yearRange } from "../../common/domain";
import { referenceId } from "../../common/errors";
import { auditWindow, byReference } from "../../common/server";
import { serviceCenterLoaders } from "./loaders";
import { maySee } from "./services/visibility";

/** A year as the gateway sends it, refused (as the bureau refuses it) outside the years reported on. */
function referenceYear(ref: { year?: unknown }): number {
  const year = Number(ref.year);
  yearRange(year);
  return year;
}

/** How the gateway turns a key into the service center's records, or into what it adds to others'. */
export const referenceResolvers = {
  OnlineMessage: byReference(async (ctx, id) => {
    const message = await serviceCenterLoaders(ctx.loaders).message.load(id);
    return message && maySee(ctx.caller, message) ? message : null;
  }),
  HotlineCall: byReference((ctx, id) => serviceCenterLoaders(ctx.loaders).hotlineCall.load(id)),
  Evaluation: byReference((ctx, id) => serviceCenterLoaders(ctx.loaders).evaluation.load(id)),
  // the bureau's petition: its id and the required sourceMessageId and sourceCallId, as the
  // gateway sent them
  Petition: {
    __resolveReference(ref: { id?: unknown; sourceMessageId?: unknown; sourceCallId?: unknown }) {
      const id = referenceId(ref);
      if (id === null) return null;
      const given = (v: unknown) => (v === null || v === undefined ? null : String(v));
      return {
        id: String(id),
        sourceMessageId: given(ref.sourceMessageId),
        sourceCallId: given(ref.sourceCallId),
      };
    },
  },
  AnnualReport: {
    __resolveReference(ref: { year?: unknown }) {
      return { year: referenceYear(ref) };
    },
  },
  Statistics: {
    __resolveReference(ref: { key?: unknown; repliedItems?: CountSeries | null }) {
      const query = parseStatisticsKey(ref.key);
      if (!query) return null;
      const span = spanOf(query.from, query.to, query.by);
      return { key: ref.key, query, span, repliedItems: ref.repliedItems ?? undefined };
    },
  },
  ThreeRates: {
    __resolveReference(ref: { year?: unknown; repliedItems?: unknown }) {
      const repliedItems =
        ref.repliedItems === undefined || ref.repliedItems === null
          ? undefined
          : Number(ref.repliedItems);
      return { year: referenceYear(ref), repliedItems };
    },
  },
  PersonalDataAudit: {
    __resolveReference(ref: { from?: unknown; to?: unknown }) {
      return auditWindow(ref.from, ref.to);
    },
  },
  SearchResults: {
    __resolveReference(ref: { text?: unknown }) {
      return typeof ref.text === "string" ? { text: ref.text } : null;
    },
  },
};
