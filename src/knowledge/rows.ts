// Every dashboard aggregate also comes as flat `{ time, series, value }` rows: the long format
// Grafana's JSON/Infinity data sources read as is.
import { z } from 'zod'

export const RowSchema = z.object({
  time: z.string().nullable().describe('ISO 8601 start of the bucket; null where a count has no time'),
  series: z.string(),
  value: z.number()
}).meta({ id: 'Row', description: 'One value of one series at one time: the long format Grafana reads' })

export type Row = z.infer<typeof RowSchema>
