import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { Access } from "../../../common/auth";
import { badInput, parseId } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { boundedText } from "../../../common/text";
import { PossibleDuplicate } from "../entities/duplicates";
import { Petition } from "../entities/petition";
import { bureauLoaders } from "../loaders";
import { duplicatesOfInput, MAX_SUGGESTIONS } from "../services/duplicates";
import { idNumber, notInFuture } from "../services/validation";
import { RegisterPetitionInput } from "./petition-inputs";

const FIRST = {
  nullable: true,
  description: `how many suggestions, best first: 5 unless given, at most ${MAX_SUGGESTIONS}`,
};

function suggestions(first: number | null | undefined): number {
  const n = first ?? 5;
  if (!Number.isInteger(n) || n < 1 || n > MAX_SUGGESTIONS)
    throw badInput("first", `must be a whole number from 1 to ${MAX_SUGGESTIONS}`);
  return n;
}

/** 查重 and the reverse links of 合并件 and repeats. */
@Resolver(() => Petition)
export class DuplicatesResolver {
  @FieldResolver(() => [PossibleDuplicate], {
    description:
      "查重: open petitions that may be the same matter (same ID number, or same town and category with a similar text within 90 days), best first",
  })
  async possibleDuplicates(
    @Root() p: Petition,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, FIRST) first?: number,
  ): Promise<PossibleDuplicate[]> {
    const n = suggestions(first);
    return (await bureauLoaders(ctx.loaders).possibleDuplicatesOf.load(p)).slice(0, n);
  }

  @FieldResolver(() => [Petition], {
    description: "合并件: the petitions merged into this one (their duplicateOf is this)",
  })
  duplicates(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<Petition[]> {
    return bureauLoaders(ctx.loaders).duplicatesOf.load(p.id);
  }

  @FieldResolver(() => [Petition], {
    description: "the later petitions registered as repeats of this one (their repeatOf is this)",
  })
  repeats(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<Petition[]> {
    return bureauLoaders(ctx.loaders).repeatsOf.load(p.id);
  }

  /**
   * 查重 before registering: for the registration's input as it stands. The bureau only: its
   * ID numbers make it a question about persons, which only the role that registers asks.
   */
  @Authorized(Access.bureauStaff)
  @Query(() => [PossibleDuplicate], {
    name: "possibleDuplicates",
    description:
      "查重 before registering: open petitions that may be the same matter as this registration input, best first",
  })
  async possibleDuplicatesOfInput(
    @Ctx() ctx: SubgraphContext,
    @Arg("input", () => RegisterPetitionInput) input: RegisterPetitionInput,
    @Arg("first", () => Int, FIRST) first?: number,
  ): Promise<PossibleDuplicate[]> {
    const n = suggestions(first);
    const now = ctx.clock.now();
    const ids = (input.petitioners ?? []).flatMap((p, i) =>
      p.idNumber ? [idNumber(`input.petitioners[${i}].idNumber`, p.idNumber, now)] : [],
    );
    const found = await duplicatesOfInput(
      ctx.db,
      {
        id: null,
        title: boundedText("input.title", input.title, 2, 200),
        content: boundedText("input.content", input.content, 5, 10000),
        category: input.category,
        townId: input.townId != null ? parseId("input.townId", input.townId) : null,
        receivedAt: notInFuture("input.receivedAt", input.receivedAt ?? now, now),
      },
      [...new Set(ids)],
    );
    return found.slice(0, n);
  }
}
