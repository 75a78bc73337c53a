// `npm run openapi`: writes openapi.yaml from the running code's schemas. A test fails when the
// committed file and the code disagree.
import { writeFileSync } from 'node:fs'
import { buildApp } from '../app'
import { parseConfig } from '../config'

export async function openapiDocument (): Promise<string> {
  // No query runs: the database URL only has to parse.
  const app = await buildApp({ config: parseConfig({}), databaseUrl: 'postgresql://unused@127.0.0.1:1/unused' })
  await app.ready()
  const yaml = app.swagger({ yaml: true })
  await app.close()
  return yaml
}

if (require.main === module) {
  openapiDocument().then((yaml) => {
    writeFileSync('openapi.yaml', yaml)
    console.log('wrote openapi.yaml')
  }).catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
