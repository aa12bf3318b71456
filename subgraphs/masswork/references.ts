import { referenceId } from "../../common/errors";
import { byReference } from "../../common/server";
import { massworkLoaders } from "./loaders";
import { parseStatisticsKey, spanOf } from "../../common/domain";

const yearOf = (ref: { year?: unknown }) =>
  Number.isInteger(ref.year) ? { year: ref.year as number } : null;

const keyOnly = (ref: { id?: unknown }) => {
  const id = referenceId(ref);
  return id === null ? null : { id: String(id) };
};

/** How the gateway turns a key into masswork's records, or into the keyed shapes it extends. */
export const referenceResolvers = {
  Town: byReference((ctx, id) => massworkLoaders(ctx.loaders).town.load(id)),
  Village: byReference((ctx, id) => massworkLoaders(ctx.loaders).village.load(id)),
  Leader: byReference((ctx, id) => massworkLoaders(ctx.loaders).leader.load(id)),
  WorkStation: byReference((ctx, id) => massworkLoaders(ctx.loaders).workStation.load(id)),
  ReceptionDuty: byReference((ctx, id) => massworkLoaders(ctx.loaders).receptionDuty.load(id)),
  Reception: byReference((ctx, id) => massworkLoaders(ctx.loaders).reception.load(id)),
  RiskItem: byReference((ctx, id) => massworkLoaders(ctx.loaders).riskItem.load(id)),
  OpinionDigest: byReference((ctx, id) => massworkLoaders(ctx.loaders).opinionDigest.load(id)),
  // The bureau owns these; masswork only needs the key to add its fields.
  Petition: {
    __resolveReference: (ref: { id?: unknown }) => {
      const id = referenceId(ref);
      return id === null ? null : { id: String(id) };
    },
  },
  // the service center's: masswork adds the digests that cite them
  OnlineMessage: { __resolveReference: keyOnly },
  HotlineCall: { __resolveReference: keyOnly },
  AnnualReport: { __resolveReference: yearOf },
  Statistics: {
    __resolveReference(ref: { key?: unknown }) {
      const query = parseStatisticsKey(ref.key);
      return query && { key: ref.key, query, span: spanOf(query.from, query.to, query.by) };
    },
  },
  SearchResults: {
    __resolveReference: (ref: { text?: unknown }) =>
      typeof ref.text === "string" ? { text: ref.text } : null,
  },
};
