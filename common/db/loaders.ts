import DataLoader from "dataloader";
import { In, type DataSource, type EntityTarget, type ObjectLiteral } from "typeorm";
import type { Clock } from "../time/clock";

/**
 * The DataLoaders of one request. Created with the request and dropped with it, so a
 * loader's cache never outlives what one caller asked for.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  private readonly memos = new Map<string, Promise<unknown>>();
  private readonly sets = new Map<string, unknown>();
  /**
   * `clock`: the project's clock, which tells the figures which days are closed and may be read
   * from the per-day cache (figure-cache.ts); without one every figure is computed live.
   */
  constructor(
    readonly db: DataSource,
    readonly clock?: Clock,
  ) {}

  /** A department's named set of loaders, built once per request however often resolvers ask. */
  set<T>(name: string, make: (l: Loaders) => T): T {
    if (!this.sets.has(name)) this.sets.set(name, make(this));
    return this.sets.get(name) as T;
  }

  /** A value computed at most once per request, however many fields ask for it. */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let value = this.memos.get(key);
    if (!value) {
      value = compute();
      this.memos.set(key, value);
    }
    return value as Promise<T>;
  }

  /** One loader per name and request; `make` runs the first time the name is used. */
  get<K, V>(name: string, make: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = make() as DataLoader<unknown, unknown>;
      this.loaders.set(name, loader);
    }
    return loader as DataLoader<K, V>;
  }

  /** Rows by their integer primary key `id`, one statement for all the keys asked for in a tick. */
  byId<T extends ObjectLiteral>(entity: EntityTarget<T>): DataLoader<number, T | null> {
    const name = `${this.db.getMetadata(entity).name}.id`;
    return this.get(
      name,
      () =>
        new DataLoader<number, T | null>(async (ids) => {
          const rows = await this.db.getRepository(entity).findBy({ id: In([...ids]) } as never);
          const found = new Map(rows.map((r) => [Number(r.id), r]));
          return ids.map((id) => found.get(id) ?? null);
        }),
    );
  }

  /** Rows grouped by a column holding a key (a foreign key, usually), one statement per tick. */
  groupedBy<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    column: keyof T & string,
    order: Partial<Record<keyof T & string, "ASC" | "DESC">> = {},
  ): DataLoader<number, T[]> {
    const name = `${this.db.getMetadata(entity).name}.${column}[]`;
    return this.get(
      name,
      () =>
        new DataLoader<number, T[]>(async (keys) => {
          const rows = await this.db
            .getRepository(entity)
            .find({ where: { [column]: In([...keys]) } as never, order: order as never });
          const groups = new Map<number, T[]>(keys.map((k) => [k, []]));
          for (const row of rows) groups.get(Number(row[column]))?.push(row);
          return keys.map((k) => groups.get(k) ?? []);
        }),
    );
  }

  /** At most one row per key of a column (a unique foreign key). */
  oneBy<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    column: keyof T & string,
  ): DataLoader<number, T | null> {
    const name = `${this.db.getMetadata(entity).name}.${column}`;
    return this.get(
      name,
      () =>
        new DataLoader<number, T | null>(async (keys) => {
          const rows = await this.db
            .getRepository(entity)
            .findBy({ [column]: In([...keys]) } as never);
          const found = new Map(rows.map((r) => [Number(r[column]), r]));
          return keys.map((k) => found.get(k) ?? null);
        }),
    );
  }
}
