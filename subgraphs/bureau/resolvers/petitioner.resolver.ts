import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { maskIdNumber, maskName, maskPhone, parseId, type SubgraphContext } from "../../../common";
import { Petition } from "../entities/petition";
import { Petitioner } from "../entities/petitioner";
import { Town, townRef } from "../entities/references";
import { bureauLoaders } from "../loaders";

@Resolver(() => Petitioner)
export class PetitionerResolver {
  @Query(() => Petitioner, { nullable: true })
  petitioner(@Arg("id", () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Petitioner | null> {
    return bureauLoaders(ctx.loaders).petitioner.load(parseId("id", id));
  }

  // Personal data is masked for every caller until access control lets some roles read it.
  @FieldResolver(() => String, { description: "masked unless the caller may read personal data" })
  name(@Root() p: Petitioner): string {
    return maskName(p.name);
  }

  @FieldResolver(() => String, { nullable: true, description: "masked unless the caller may read personal data" })
  idNumber(@Root() p: Petitioner): string | null {
    return p.idNumber === null ? null : maskIdNumber(p.idNumber);
  }

  @FieldResolver(() => String, { nullable: true, description: "masked unless the caller may read personal data" })
  phone(@Root() p: Petitioner): string | null {
    return p.phone === null ? null : maskPhone(p.phone);
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
