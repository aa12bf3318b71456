import type { TableColumnOptions } from "typeorm";

/**
 * Column shapes that mean the same on SQLite and MySQL, so one migration serves both.
 * Enumerations are stored as short strings: adding a value needs no table change.
 */
export const column = {
  id: (): TableColumnOptions => ({
    name: "id",
    type: "integer",
    isPrimary: true,
    isGenerated: true,
    generationStrategy: "increment",
  }),
  int: (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: "int",
    isNullable: nullable,
  }),
  string: (name: string, length: number, nullable = false): TableColumnOptions => ({
    name,
    type: "varchar",
    length: String(length),
    isNullable: nullable,
  }),
  text: (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: "text",
    isNullable: nullable,
  }),
  bool: (name: string): TableColumnOptions => ({ name, type: "boolean", isNullable: false }),
  time: (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: "datetime",
    precision: 3,
    isNullable: nullable,
  }),
  date: (name: string): TableColumnOptions => ({ name, type: "date", isNullable: false }),
};
