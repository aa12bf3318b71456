import { In, type DataSource } from "typeorm";
import { FullTextIndex } from "../../../common/search";
import type { Petition } from "../entities/petition";
import { PetitionPetitioner, Petitioner } from "../entities/petitioner";

/** 信访事项 by serial number, title and content; the petitioners are never indexed. */
export const petitionSearch = new FullTextIndex({
  table: "petition",
  columns: ["serial_no", "title", "content"],
  recency: "received_at",
  recencyIndex: "idx_petition_received",
  town: "town_id",
  category: "category",
});

/** What a petition hit's snippet shows: its title and content. */
export const petitionSnippetText = (p: Petition) => [p.title, p.content];

/**
 * The names, ID numbers and phones of a page's petitioners, in two statements whatever the page
 * size: cut from the snippets, should a clerk have written them into the content.
 */
export async function petitionersPersonalData(
  db: DataSource,
  petitions: Petition[],
): Promise<Map<Petition, string[]>> {
  const out = new Map<Petition, string[]>();
  if (!petitions.length) return out;
  const links = await db
    .getRepository(PetitionPetitioner)
    .findBy({ petitionId: In(petitions.map((p) => p.id)) });
  const people = links.length
    ? await db
        .getRepository(Petitioner)
        .findBy({ id: In([...new Set(links.map((l) => l.petitionerId))]) })
    : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  for (const p of petitions)
    out.set(
      p,
      links
        .filter((l) => Number(l.petitionId) === Number(p.id))
        .flatMap((l) => {
          const who = byId.get(l.petitionerId);
          return who ? [who.name, who.idNumber ?? "", who.phone ?? ""] : [];
        }),
    );
  return out;
}
