import { byReference } from "../../common/server";
import { parseStatisticsKey } from "../../common/domain";
import { bureauLoaders } from "./loaders";
import { withSpan } from "./services/statistics";

/** How the gateway turns another department's `{ id }` into the bureau's records. */
export const referenceResolvers = {
  Petition: byReference((ctx, id) => bureauLoaders(ctx.loaders).petition.load(id)),
  Petitioner: byReference((ctx, id) => bureauLoaders(ctx.loaders).petitioner.load(id)),
  Visit: byReference((ctx, id) => bureauLoaders(ctx.loaders).visit.load(id)),
  Review: byReference((ctx, id) => bureauLoaders(ctx.loaders).review.load(id)),
  // the service center's message: its id and the required `mine`, as the gateway sent them
  OnlineMessage: byReference((_ctx, id, ref) => ({ id: String(id), mine: ref.mine === true })),
  HotlineCall: byReference((_ctx, id) => ({ id: String(id) })),
  BacklogCase: byReference((ctx, id) => bureauLoaders(ctx.loaders).backlogCase.load(id)),
  Statistics: {
    __resolveReference(ref: { key?: unknown }) {
      const query = parseStatisticsKey(ref.key);
      return query ? withSpan(String(ref.key), query) : null;
    },
  },
};
