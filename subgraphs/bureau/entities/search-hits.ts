import { hitConnectionType } from "../../../common/search";
import { Petition } from "./petition";

/** A page of petitions found by the unified search. */
export const PetitionHitConnection = hitConnectionType(Petition, "Petition", "petitions");
