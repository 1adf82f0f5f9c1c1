/**
 * A published table: its Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/) and its rows.
 * One declaration gives both the CSV columns and the schema, so the two cannot drift apart.
 */

export type FieldType = 'string' | 'integer' | 'number' | 'datetime' | 'date';

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** What the column holds, with its unit. */
  description: string;
  required?: boolean;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  /** Table Schema string format, e.g. 'uri'. */
  format?: 'uri';
}

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

export interface Table {
  /** Resource name (lower-case, '-', as the Data Package spec asks) and CSV file stem. */
  name: string;
  title: string;
  description: string;
  fields: readonly FieldSpec[];
  primaryKey: readonly string[];
  rows: Row[];
}

/** Rounds for publication (`digits` decimals); null stays null. Same input, same text: Number#toString is exact. */
export function rounded(value: number | null | undefined, digits: number): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const out = Number(value.toFixed(digits));
  return Object.is(out, -0) ? 0 : out;
}

/** ISO 8601 UTC date-time to the second (YYYY-MM-DDThh:mm:ssZ), the Table Schema default datetime form; null if unreadable. */
export function isoSeconds(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** The Table Schema of a table (field constraints only where they say something). */
export function tableSchema(t: Table): Record<string, unknown> {
  return {
    fields: t.fields.map((f) => {
      const constraints: Record<string, unknown> = {};
      if (f.required) constraints.required = true;
      if (f.enum) constraints.enum = [...f.enum];
      if (f.minimum !== undefined) constraints.minimum = f.minimum;
      if (f.maximum !== undefined) constraints.maximum = f.maximum;
      return {
        name: f.name,
        type: f.type,
        ...(f.format ? { format: f.format } : {}),
        description: f.description,
        ...(Object.keys(constraints).length ? { constraints } : {}),
      };
    }),
    primaryKey: [...t.primaryKey],
    missingValues: [''],
  };
}
