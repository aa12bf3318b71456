import type { Loaders } from "../../common/db";
import { Evaluation } from "./entities/evaluation";
import { HotlineCall } from "./entities/hotline-call";
import { OnlineMessage } from "./entities/online-message";

/** The service center's loaders, one set per request. */
const make = (l: Loaders) => ({
  message: l.byId(OnlineMessage),
  hotlineCall: l.byId(HotlineCall),
  evaluation: l.byId(Evaluation),
  evaluationOf: l.oneBy(Evaluation, "petitionId"),
});

export const serviceCenterLoaders = (l: Loaders) => l.set("service-center", make);
