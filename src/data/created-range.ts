// A list's `created[gt|gte|lt|lte]` filter as a Sequelize range on `created_at`.
import { Op } from 'sequelize';

export interface CreatedFilter {
  gt?: string | undefined;
  gte?: string | undefined;
  lt?: string | undefined;
  lte?: string | undefined;
}

/** The range the filter sets; undefined when it sets no bound. */
export function createdRange(created: CreatedFilter | undefined): Record<symbol, Date> | undefined {
  if (!created) return undefined;
  const operators = { gt: Op.gt, gte: Op.gte, lt: Op.lt, lte: Op.lte } as const;
  const range: Record<symbol, Date> = {};
  for (const [key, value] of Object.entries(created)) {
    if (value !== undefined) range[operators[key as keyof typeof operators]] = new Date(value);
  }
  // An absent `created` arrives as {}: no bound means no condition (Sequelize would turn an
  // empty operator object into `created_at = <now>` and the list would come back empty).
  return Object.getOwnPropertySymbols(range).length > 0 ? range : undefined;
}
