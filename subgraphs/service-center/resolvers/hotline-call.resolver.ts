import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { Access, hasRole, PersonalDataReaders } from "../../../common/auth";
import { pageSize } from "../../../common/db";
import { maskPhone } from "../../../common/domain";
import { personalField, type SubgraphContext } from "../../../common/server";
import { parseId } from "../../../common/errors";
import { serviceCenterLoaders } from "../loaders";
import { idempotencyKey } from "../../../common/text";
import { RecordCallInput } from "./hotline-call-inputs";
import { HotlineCallConnection, HotlineCallFilter } from "../entities/connections";
import { HotlineCall } from "../entities/hotline-call";
import { Petition, petitionRef } from "../external/bureau";
import { Town, townRef } from "../external/masswork";
import {
  answerCall,
  hotlineCallPage,
  latestHotlineCalls,
  recordCall,
} from "../services/hotline-calls";

@Resolver(() => HotlineCall)
export class HotlineCallResolver {
  @Authorized(Access.caseReaders)
  @Query(() => [HotlineCall], { description: "市长热线 calls, newest first" })
  hotlineCalls(
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, { nullable: true, description: "20 unless given, at most 200" })
    first?: number | null,
  ): Promise<HotlineCall[]> {
    const size = pageSize(first);
    if (size === 0) return Promise.resolve([]);
    return latestHotlineCalls(ctx.db, size);
  }

  @Authorized(Access.caseReaders)
  @Query(() => HotlineCallConnection, {
    description: "市长热线 calls, newest received first, a page at a time",
  })
  hotlineCallPage(
    @Ctx() ctx: SubgraphContext,
    @Arg("filter", () => HotlineCallFilter, { nullable: true }) filter?: HotlineCallFilter | null,
    @Arg("first", () => Int, {
      nullable: true,
      description: "page size, 20 unless given, at most 200",
    })
    first?: number | null,
    @Arg("after", () => String, {
      nullable: true,
      description: "the endCursor of the page before",
    })
    after?: string | null,
  ): Promise<HotlineCallConnection> {
    return hotlineCallPage(ctx.db, filter, pageSize(first), after);
  }

  @Authorized(Access.caseReaders)
  @Query(() => HotlineCall, { nullable: true, description: "市长热线: one call; null when none" })
  hotlineCall(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<HotlineCall | null> {
    return serviceCenterLoaders(ctx.loaders).hotlineCall.load(parseId("id", id));
  }

  @Authorized(Access.serviceCenterStaff)
  @Mutation(() => HotlineCall, {
    description: "市长热线: the service center records a call; once per idempotencyKey",
  })
  recordCall(
    @Ctx() ctx: SubgraphContext,
    @Arg("input", () => RecordCallInput) input: RecordCallInput,
  ): Promise<HotlineCall> {
    return recordCall(
      ctx.db,
      ctx.graph,
      { ...input, idempotencyKey: idempotencyKey(input.idempotencyKey) },
      ctx.clock.now(),
    );
  }

  @Authorized(Access.serviceCenterStaff)
  @Mutation(() => HotlineCall, {
    description: "the service center answers a call, once, as last read",
  })
  answerCall(
    @Ctx() ctx: SubgraphContext,
    @Arg("id", () => ID) id: string,
    @Arg("answer", () => String) answer: string,
    @Arg("version", () => Int, {
      description: "the version last read: refused with CONFLICT when the call changed since",
    })
    version: number,
  ): Promise<HotlineCall> {
    return answerCall(ctx.db, id, version, answer, ctx.clock.now());
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "the caller's phone, masked unless the caller may read it; unmasked reads are audited",
  })
  callerPhone(
    @Root() c: HotlineCall,
    @Ctx() ctx: SubgraphContext,
  ): string | null | Promise<string | null> {
    return personalField(
      ctx,
      hasRole(ctx.caller, PersonalDataReaders.hotlineCaller),
      { entity: "HotlineCall", id: c.id, field: "callerPhone" },
      c.callerPhone,
      maskPhone,
    );
  }

  @FieldResolver(() => Petition, {
    nullable: true,
    description:
      "the petition the call is about, as the service center noted it: the one it opened, or the one the caller asked after (registeredPetition is the bureau's record of a registration from it)",
  })
  petition(@Root() c: HotlineCall): Petition | null {
    return petitionRef(c.petitionId);
  }

  @FieldResolver(() => Town, { nullable: true, description: "the town the call is about" })
  town(@Root() c: HotlineCall): Town | null {
    return townRef(c.townId);
  }
}
