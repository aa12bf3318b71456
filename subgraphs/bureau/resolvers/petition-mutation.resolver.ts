import { Arg, Authorized, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import { Access } from "../../../common/auth";
import { parseId } from "../../../common/errors";
import { idempotencyKey as idempotencyKeyOf } from "../../../common/text";
import { type SubgraphContext } from "../../../common/server";
import { BacklogCase } from "../entities/backlog-case";
import { Petition } from "../entities/petition";
import { Visit } from "../entities/visit";
import { ReviewKind } from "../entities/enums";
import { MAX_EXTENSION_DAYS } from "../services/procedure";
import { wholeNumber } from "../services/validation";
import {
  CorrectPetitionerInput,
  CorrectPetitionInput,
  RegisterPetitionInput,
  VisitInput,
} from "./petition-inputs";
import { correctPetition, correctPetitioner } from "../services/corrections";
import { Petitioner } from "../entities/petitioner";
import { assignBacklog, recordVisit, registerPetition } from "../services/intake";
import { reassignBacklogCase, resolveBacklogCase } from "../services/backlog";
import { steps } from "../services/steps";
import { actorOf, transition } from "../services/transition";

/** The version a step takes: the record's versions start at 1. */
const versionOf = (version: number) => wholeNumber("version", version, 1, 2_147_483_647);

/** The petition procedure: every step takes the version the caller last read; bureau staff only. */
@Authorized(Access.bureauStaff)
@Resolver(() => Petition)
export class PetitionMutationResolver {
  @Mutation(() => Petition, {
    description: "登记: → REGISTERED, to be accepted or declined within 15 days",
  })
  registerPetition(
    @Arg("input", () => RegisterPetitionInput) input: RegisterPetitionInput,
    @Ctx() ctx: SubgraphContext,
    @Arg("idempotencyKey", () => String, { nullable: true }) key?: string,
  ): Promise<Petition> {
    return registerPetition(ctx, input, idempotencyKeyOf(key));
  }

  @Mutation(() => Visit)
  recordVisit(
    @Arg("input", () => VisitInput) input: VisitInput,
    @Ctx() ctx: SubgraphContext,
    @Arg("idempotencyKey", () => String, { nullable: true }) key?: string,
  ): Promise<Visit> {
    return recordVisit(ctx, input, idempotencyKeyOf(key));
  }

  @Mutation(() => Petition, { description: "受理: → ACCEPTED, to be replied within 60 days" })
  acceptPetition(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("responsibleUnit", () => String) responsibleUnit: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Petition> {
    return transition(ctx, id, versionOf(version), (p, now, tx) =>
      steps.accept(p, now, tx, responsibleUnit),
    );
  }

  @Mutation(() => Petition, { description: "不予受理: → DECLINED, with the written reason" })
  declinePetition(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("reason", () => String) reason: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Petition> {
    return transition(ctx, id, versionOf(version), (p, now) => steps.decline(p, now, reason));
  }

  @Mutation(() => Petition, {
    description: "the responsible unit starts handling: ACCEPTED → IN_PROGRESS",
  })
  startHandling(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Petition> {
    return transition(ctx, id, versionOf(version), (p) => steps.startHandling(p));
  }

  @Mutation(() => Petition, {
    description: "延期: once, before the due date, at most 30 days, with a reason",
  })
  extendDeadline(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("reason", () => String) reason: string,
    @Ctx() ctx: SubgraphContext,
    @Arg("days", () => Int, {
      nullable: true,
      description: `1 to ${MAX_EXTENSION_DAYS}; ${MAX_EXTENSION_DAYS} unless given`,
    })
    days?: number,
  ): Promise<Petition> {
    return transition(ctx, id, versionOf(version), (p, now) =>
      steps.extend(p, now, reason, days ?? MAX_EXTENSION_DAYS, actorOf(ctx)),
    );
  }

  @Mutation(() => Petition, { description: "办结: the written reply → REPLIED" })
  replyToPetition(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("reply", () => String) reply: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Petition> {
    return transition(ctx, id, versionOf(version), (p, now) => steps.reply(p, now, reply));
  }

  @Mutation(() => Petition, {
    description: "复查 within 30 days of the reply, 复核 within 30 days of the review decision",
  })
  requestReview(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("kind", () => ReviewKind) kind: ReviewKind,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Petition> {
    return transition(ctx, id, versionOf(version), (p, now, tx) =>
      steps.requestReview(p, now, tx, kind),
    );
  }

  @Mutation(() => Petition, {
    description: "decides the pending review; a decided re-review closes the matter for good",
  })
  decideReview(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("outcome", () => String) outcome: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Petition> {
    return transition(ctx, id, versionOf(version), (p, now, tx) =>
      steps.decideReview(p, now, tx, outcome),
    );
  }

  @Mutation(() => Petition, {
    description: "closes a replied case once the review window passed or it was evaluated",
  })
  closePetition(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Petition> {
    return transition(ctx, id, versionOf(version), steps.close, (p, now) =>
      steps.closeFacts(ctx, p, now),
    );
  }

  @Mutation(() => Petition, {
    description: "合并件: marks a duplicate MERGED into another petition",
  })
  mergePetition(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("intoId", () => ID) intoId: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Petition> {
    // the target is held too: of two merges of a pair into each other, the second sees the first
    const into = parseId("intoId", intoId);
    return transition(
      ctx,
      id,
      versionOf(version),
      (p, _now, tx) => steps.merge(p, tx, intoId),
      undefined,
      [into],
    );
  }

  @Mutation(() => BacklogCase, {
    description:
      "信访积案: puts a petition on a backlog batch with its lead leader, a county leader",
  })
  assignBacklog(
    @Arg("petitionId", () => ID) petitionId: string,
    @Arg("batch", () => Int) batch: number,
    @Arg("leadLeaderId", () => ID) leadLeaderId: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<BacklogCase> {
    return assignBacklog(ctx, petitionId, batch, leadLeaderId);
  }

  @Mutation(() => BacklogCase, {
    description:
      "案结事了: marks an open backlog case resolved, with how; written into its petition's history",
  })
  resolveBacklogCase(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("note", () => String) note: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<BacklogCase> {
    return resolveBacklogCase(ctx, id, versionOf(version), note);
  }

  @Mutation(() => BacklogCase, {
    description:
      "another county leader (包案领导) takes an open backlog case over, for a reason written into its petition's history",
  })
  reassignBacklogCase(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("leadLeaderId", () => ID) leadLeaderId: string,
    @Arg("reason", () => String) reason: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<BacklogCase> {
    return reassignBacklogCase(ctx, id, versionOf(version), leadLeaderId, reason);
  }

  @Mutation(() => Petition, {
    description:
      "更正: puts right a registration's title, content, category, channel or town, with a reason; each change is written into the history. Its status and dates change only by the procedure",
  })
  correctPetition(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("input", () => CorrectPetitionInput) input: CorrectPetitionInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Petition> {
    return correctPetition(ctx, id, versionOf(version), input);
  }

  @Mutation(() => Petitioner, {
    description:
      "更正: puts right a petitioner's name, ID number, phone or town, with a reason; each of their petitions' history says what changed, masked",
  })
  correctPetitioner(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("input", () => CorrectPetitionerInput) input: CorrectPetitionerInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Petitioner> {
    return correctPetitioner(ctx, id, versionOf(version), input);
  }
}
