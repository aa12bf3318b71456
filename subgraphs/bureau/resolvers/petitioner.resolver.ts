import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Access, hasRole, PersonalDataReaders } from "../../../common/auth";
import { maskIdNumber, maskName, maskPhone } from "../../../common/domain";
import { parseId } from "../../../common/errors";
import { personalField, type SubgraphContext } from "../../../common/server";
import { Petition } from "../entities/petition";
import { Petitioner } from "../entities/petitioner";
import { Town, townRef } from "../external/masswork";
import { bureauLoaders } from "../loaders";

function personal(
  ctx: SubgraphContext,
  p: Petitioner,
  field: string,
  value: string | null,
  mask: (v: string) => string,
) {
  return personalField(
    ctx,
    hasRole(ctx.caller, PersonalDataReaders.petitioner),
    { entity: "Petitioner", id: p.id, field },
    value,
    mask,
  );
}

@Resolver(() => Petitioner)
export class PetitionerResolver {
  @Authorized(Access.caseReaders)
  @Query(() => Petitioner, { nullable: true })
  petitioner(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Petitioner | null> {
    return bureauLoaders(ctx.loaders).petitioner.load(parseId("id", id));
  }

  @FieldResolver(() => String, {
    description: "masked unless the caller may read personal data; unmasked reads are audited",
  })
  async name(@Root() p: Petitioner, @Ctx() ctx: SubgraphContext): Promise<string> {
    return (await personal(ctx, p, "name", p.name, maskName))!;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "masked unless the caller may read personal data; unmasked reads are audited",
  })
  idNumber(
    @Root() p: Petitioner,
    @Ctx() ctx: SubgraphContext,
  ): string | null | Promise<string | null> {
    return personal(ctx, p, "idNumber", p.idNumber, maskIdNumber);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "masked unless the caller may read personal data; unmasked reads are audited",
  })
  phone(
    @Root() p: Petitioner,
    @Ctx() ctx: SubgraphContext,
  ): string | null | Promise<string | null> {
    return personal(ctx, p, "phone", p.phone, maskPhone);
  }

  @FieldResolver(() => Town, { nullable: true })
  town(@Root() p: Petitioner): Town | null {
    return townRef(p.townId);
  }

  @FieldResolver(() => [Petition])
  petitions(@Root() p: Petitioner, @Ctx() ctx: SubgraphContext): Promise<Petition[]> {
    return bureauLoaders(ctx.loaders).petitionsOf.load(p.id);
  }
}
