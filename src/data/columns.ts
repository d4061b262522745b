// Column helpers that make both engines return the same JavaScript values: integer amounts as
// numbers (MySQL hands BIGINT back as strings), JSON documents as objects (MariaDB's JSON is
// LONGTEXT, which the mysql dialect does not parse), timestamps with milliseconds.
import { DataTypes, type Model, type ModelAttributeColumnOptions, type Sequelize } from 'sequelize';

export function amountColumn(name: string, allowNull = false): ModelAttributeColumnOptions {
  return {
    type: DataTypes.BIGINT,
    allowNull,
    get(this: Model) {
      const raw = this.getDataValue(name) as number | string | null;
      return raw === null || raw === undefined ? raw : Number(raw);
    },
  };
}

/** LONGTEXT on MySQL (TEXT stops at 64 KB); SQLite's TEXT has no length and warns at options. */
export function longText(sequelize: Sequelize) {
  return sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('long');
}

export function jsonColumn(sequelize: Sequelize, name: string, allowNull = false): ModelAttributeColumnOptions {
  return {
    type: longText(sequelize),
    allowNull,
    get(this: Model) {
      const raw = this.getDataValue(name) as string | null;
      return raw === null || raw === undefined ? raw : JSON.parse(raw);
    },
    set(this: Model, value: unknown) {
      this.setDataValue(name, value === null || value === undefined ? value : JSON.stringify(value));
    },
  };
}

export function timestampColumn(allowNull = false): ModelAttributeColumnOptions {
  return { type: DataTypes.DATE(3), allowNull };
}

export function booleanColumn(): ModelAttributeColumnOptions {
  return {
    type: DataTypes.BOOLEAN,
    allowNull: false,
  };
}

/**
 * A timestamp as a raw statement must bind it: SQLite keeps Sequelize's text form
 * (`2026-11-25 14:00:00.000 +00:00`; a bound Date would become a number), MySQL takes the Date
 * (the driver writes it in UTC, the connection's time zone).
 */
export function timestampToRaw(sequelize: Sequelize, value: Date): string | Date {
  if (sequelize.getDialect() !== 'sqlite') return value;
  const iso = value.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} +00:00`;
}

/** Raw queries return SQLite timestamps as text (`2026-11-25 14:00:00.000 +00:00`) and MySQL's as Dates. */
export function timestampFromRaw(value: string | Date): Date {
  if (value instanceof Date) return value;
  const iso = value.replace(' ', 'T').replace(/ ?\+00:00$/, 'Z');
  return new Date(/Z$|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`);
}
