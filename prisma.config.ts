// Prisma CLI configuration. DATABASE_URL is read directly (not with env()) so that `prisma generate`
// works without it; the service itself never uses this file.
import { defineConfig } from 'prisma/config'

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' }
})
