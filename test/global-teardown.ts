import { rmSync } from 'node:fs'

export default async function globalTeardown (): Promise<void> {
  const state = globalThis.peninsulaTestDatabase
  if (state === undefined) return
  await state.database.close()
  await state.dropScratch?.()
  if (state.dir !== undefined) rmSync(state.dir, { recursive: true, force: true })
}
