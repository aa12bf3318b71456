import { badInput } from "../../../common/errors";
import { type GraphClient } from "../../../common/server";

/**
 * Is there such a town? Masswork's to say: asked of the graph, never of its database, and before
 * any transaction opens. An unknown town is refused on `field`.
 */
export async function checkTown(graph: GraphClient, townId: number, field: string): Promise<void> {
  const { town } = await graph.request<{ town: { id: string } | null }>(
    "query($id: ID!) { town(id: $id) { id } }",
    { id: String(townId) },
  );
  if (!town) throw badInput(field, `no such town: ${townId}`);
}
