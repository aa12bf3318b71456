import type { DataSource } from "typeorm";
import { isUniqueViolation } from "../../../common/db";
import { badInput, parseId, procedureViolation } from "../../../common/errors";
import { type GraphClient } from "../../../common/server";
import { Evaluation } from "../entities/evaluation";
import type { Rating } from "../entities/enums";

interface PetitionState {
  petition: { id: string; repliedAt: string | null } | null;
}

const evaluatedOnce = () =>
  procedureViolation(
    "evaluate-once",
    "this petition has already been evaluated; it is evaluated once",
  );

/**
 * 满意度评价: accepted once per petition, and only after its reply. The petition's state is
 * the bureau's: it is asked through the gateway, never read from the bureau's database.
 */
export async function evaluatePetition(
  db: DataSource,
  graph: GraphClient,
  rawPetitionId: string,
  rating: Rating,
  now: Date,
): Promise<Evaluation> {
  const petitionId = parseId("petitionId", rawPetitionId);
  const { petition } = await graph.request<PetitionState>(
    "query($id: ID!) { petition(id: $id) { id repliedAt } }",
    { id: String(petitionId) },
  );
  if (!petition) throw badInput("petitionId", "no such petition");
  if (!petition.repliedAt)
    throw procedureViolation(
      "evaluate-after-reply",
      "a petition is evaluated after it has been replied to",
    );
  const repository = db.getRepository(Evaluation);
  if (await repository.existsBy({ petitionId })) throw evaluatedOnce();
  try {
    const id = (await repository.insert({ petitionId, rating, evaluatedAt: now })).identifiers[0]
      .id as number;
    return await repository.findOneByOrFail({ id });
  } catch (e) {
    // a concurrent evaluation of the same petition was stored first
    if (isUniqueViolation(e)) throw evaluatedOnce();
    throw e;
  }
}
