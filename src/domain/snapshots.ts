// An object's attributes frozen as JSON (events keep one per change) and thawed back with its
// timestamps as Dates, so the same views render live rows and snapshots.
import type { Model } from 'sequelize';

export function snapshotOf(row: Model): string {
  return JSON.stringify(row.get({ plain: true }));
}

const TIMESTAMP_KEY = /(At)$/;

export function thaw<T>(snapshot: string): T {
  return JSON.parse(snapshot, (key, value: unknown) => (TIMESTAMP_KEY.test(key) && typeof value === 'string' ? new Date(value) : value)) as T;
}
