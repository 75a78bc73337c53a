// schema.prisma and prisma/migrations must describe the same database: apply the migrations to an
// empty database, read its catalogue back, and compare with the Prisma schema's data model.
// Prisma's DMMF leaves out `Unsupported(...)` fields (the full-text `search` columns), so those are
// read from the schema source; a field documented as "generated in SQL" must be a generated column.
import { readFileSync } from 'node:fs'
import { getDMMF } from '@prisma/internals'
import pino from 'pino'
import { Client } from 'pg'
import { migrate } from '../../src/db/migrate'
import { testDatabaseUrl } from '../helpers/app'
import { createScratchDatabase } from '../helpers/scratch-database'

const PG_TYPES: Record<string, string> = {
  Int: 'integer', String: 'text', Boolean: 'boolean', Float: 'double precision', DateTime: 'timestamp(3) without time zone', Json: 'jsonb', BigInt: 'bigint'
}
const NATIVE_TYPES: Record<string, string> = { Date: 'date', Timestamptz: 'timestamp(3) with time zone' }

interface Column { table: string, column: string, type: string, nullable: boolean, default: string | null, generated: boolean }

function describeColumn (c: Omit<Column, 'default'> & { default: string }): string {
  return `${c.table}.${c.column} ${c.type}${c.nullable ? '' : ' not null'}${c.default}${c.generated ? ' generated' : ''}`
}

async function describeDatabase (url: string): Promise<{ columns: string[], indexes: string[], foreignKeys: string[], expressionIndexes: string[] }> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    const { rows: columns } = await client.query<Column>(`
      SELECT c.table_name AS table, c.column_name AS column,
             format_type(a.atttypid, a.atttypmod) AS type, c.is_nullable = 'YES' AS nullable, c.column_default AS default,
             a.attgenerated <> '' AS generated
      FROM information_schema.columns c
      JOIN pg_attribute a ON a.attrelid = format('public.%I', c.table_name)::regclass AND a.attname = c.column_name
      WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations'`)
    const { rows: indexes } = await client.query<{ table: string, name: string, unique: boolean, primary: boolean, method: string, columns: string[] }>(`
      SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary, am.amname AS method,
             array_agg(a.attname::text ORDER BY k.ord) AS columns
      FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_am am ON am.oid = i.relam
      JOIN pg_namespace n ON n.oid = t.relnamespace
      CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations' AND ix.indexprs IS NULL
      GROUP BY t.relname, i.relname, ix.indisunique, ix.indisprimary, am.amname`)
    // Indexes on expressions, which Prisma's schema language cannot state: compared by definition.
    const { rows: expressionIndexes } = await client.query<{ definition: string }>(`
      SELECT pg_get_indexdef(ix.indexrelid) AS definition FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public' AND ix.indexprs IS NOT NULL`)
    const { rows: fks } = await client.query<{ table: string, columns: string[], target: string, target_columns: string[], on_delete: string }>(`
      SELECT tc.relname AS table, array_agg(a.attname::text ORDER BY k.ord) AS columns, tt.relname AS target,
             array_agg(ta.attname::text ORDER BY k.ord) AS target_columns,
             CASE c.confdeltype WHEN 'c' THEN 'Cascade' WHEN 'n' THEN 'SetNull' WHEN 'r' THEN 'Restrict' WHEN 'a' THEN 'NoAction' ELSE 'SetDefault' END AS on_delete
      FROM pg_constraint c JOIN pg_class tc ON tc.oid = c.conrelid JOIN pg_class tt ON tt.oid = c.confrelid
      CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(attnum, fattnum, ord)
      JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum = k.attnum
      JOIN pg_attribute ta ON ta.attrelid = tt.oid AND ta.attnum = k.fattnum
      WHERE c.contype = 'f' GROUP BY tc.relname, tt.relname, c.conname, c.confdeltype`)
    return {
      columns: columns.map((c) => describeColumn({ ...c, default: c.default?.startsWith('nextval') === true ? ' autoincrement' : c.default !== null ? ` default ${c.default}` : '' })).sort(),
      indexes: indexes.map((i) => `${i.table} ${i.primary ? 'primary' : i.unique ? 'unique' : 'index'} (${i.columns.join(', ')})${i.method !== 'btree' ? ` using ${i.method}` : ''}`).sort(),
      foreignKeys: fks.map((f) => `${f.table}(${f.columns.join(', ')}) -> ${f.target}(${f.target_columns.join(', ')}) on delete ${f.on_delete}`).sort(),
      expressionIndexes: expressionIndexes.map((i) => i.definition).sort()
    }
  } finally {
    await client.end()
  }
}

/** `field Unsupported("type")?` declarations per model, with their `@map` and `///` documentation. */
function unsupportedFields (source: string): Array<{ model: string, name: string, column: string, type: string, required: boolean, list: boolean, documentation: string }> {
  const fields = []
  for (const [, model, body] of source.matchAll(/^model (\w+) \{\n([\s\S]*?)\n\}/gm)) {
    let documentation: string[] = []
    for (const line of body!.split('\n').map((l) => l.trim())) {
      if (line.startsWith('///')) { documentation.push(line.slice(3).trim()); continue }
      const match = /^(\w+)\s+Unsupported\("([^"]+)"\)(\?|\[\])?(.*)$/.exec(line)
      if (match !== null) {
        const [, name, type, modifier, attributes] = match
        const mapped = /@map\("([^"]+)"\)/.exec(attributes!)
        fields.push({ model: model!, name: name!, column: mapped?.[1] ?? name!, type: type!, required: modifier === undefined, list: modifier === '[]', documentation: documentation.join(' ') })
      }
      documentation = []
    }
  }
  return fields
}

async function describeSchema (): Promise<{ columns: string[], indexes: string[], foreignKeys: string[] }> {
  const source = readFileSync('prisma/schema.prisma', 'utf8')
  const { datamodel } = await getDMMF({ datamodel: source })
  const tableOf = new Map(datamodel.models.map((m) => [m.name, m.dbName ?? m.name]))
  const columnOf = (model: string, field: string): string => {
    const f = datamodel.models.find((m) => m.name === model)!.fields.find((x) => x.name === field)!
    return f.dbName ?? f.name
  }
  const columns: string[] = []
  const foreignKeys: string[] = []
  for (const model of datamodel.models) {
    const table = tableOf.get(model.name)!
    for (const f of model.fields) {
      if (f.kind === 'object') {
        if ((f.relationFromFields ?? []).length > 0) {
          const onDelete = f.relationOnDelete ?? (f.isRequired ? 'Restrict' : 'SetNull')
          foreignKeys.push(`${table}(${f.relationFromFields!.map((x) => columnOf(model.name, x)).join(', ')}) -> ${tableOf.get(f.type)!}(${f.relationToFields!.map((x) => columnOf(f.type, x)).join(', ')}) on delete ${onDelete}`)
        }
        continue
      }
      const native = f.nativeType !== null && f.nativeType !== undefined ? NATIVE_TYPES[f.nativeType[0]] : undefined
      const type = `${native ?? PG_TYPES[f.type]!}${f.isList ? '[]' : ''}`
      const def = f.default as { name?: string } | string | boolean | number | undefined
      // A text default is a quoted literal in the catalogue: 'unknown'::text.
      const literal = typeof def === 'string' && f.type === 'String' ? `'${def}'::text` : String(def)
      const defaultSql = typeof def === 'object' && def.name === 'autoincrement'
        ? ' autoincrement'
        : typeof def === 'object' && def.name === 'now' ? ' default CURRENT_TIMESTAMP' : def !== undefined ? ` default ${literal}` : ''
      columns.push(describeColumn({ table, column: f.dbName ?? f.name, type, nullable: !(f.isRequired && !f.isList), default: defaultSql, generated: false }))
    }
  }
  const unsupported = unsupportedFields(source)
  for (const f of unsupported) {
    columns.push(describeColumn({
      table: tableOf.get(f.model)!, column: f.column, type: `${f.type}${f.list ? '[]' : ''}`, nullable: !f.required, default: '', generated: /generated in SQL/i.test(f.documentation)
    }))
  }
  // Indexes may name Unsupported fields, which columnOf cannot see.
  const indexColumn = (model: string, field: string): string => unsupported.find((u) => u.model === model && u.name === field)?.column ?? columnOf(model, field)
  const indexes = datamodel.indexes.map((i) => {
    const kind = i.type === 'id' ? 'primary' : i.type === 'unique' ? 'unique' : 'index'
    const method = i.algorithm !== undefined && i.algorithm !== 'BTree' ? ` using ${i.algorithm.toLowerCase()}` : ''
    return `${tableOf.get(i.model)!} ${kind} (${i.fields.map((x) => indexColumn(i.model, x.name)).join(', ')})${method}`
  })
  return { columns: columns.sort(), indexes: indexes.sort(), foreignKeys: foreignKeys.sort() }
}

describe('prisma/schema.prisma and prisma/migrations', () => {
  it('describe the same tables, columns, keys, indexes and foreign keys', async () => {
    const scratch = await createScratchDatabase(testDatabaseUrl(), 'schema_check')
    try {
      await migrate(scratch.url, 'prisma/migrations', pino({ level: 'silent' }))
      const [database, schema] = await Promise.all([describeDatabase(scratch.url), describeSchema()])
      expect(database.columns).toEqual(schema.columns)
      expect(database.indexes).toEqual(schema.indexes)
      expect(database.foreignKeys).toEqual(schema.foreignKeys)
      // The keyset indexes of the events' date sort, noted in schema.prisma (model Event).
      expect(database.expressionIndexes).toEqual([
        'CREATE INDEX events_date_keyset_asc_idx ON public.events USING btree (COALESCE(date_earliest, \'infinity\'::date), id)',
        'CREATE INDEX events_date_keyset_desc_idx ON public.events USING btree (COALESCE(date_earliest, \'-infinity\'::date), id)'
      ])
    } finally {
      await scratch.drop()
    }
  })
})
