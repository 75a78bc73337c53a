// The pages' libraries: the build copies them out of node_modules, and the service serves the copy
// when there is one (the image has no such packages), else the files in node_modules.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { copyVendorFiles, vendorFiles, VENDOR_FILES } from '../../src/web/vendor'

const dirs: string[] = []
const scratch = (): string => { const dir = mkdtempSync(join(tmpdir(), 'pkb-vendor-')); dirs.push(dir); return dir }
afterAll(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }) })

it('copies every file the pages load, byte for byte, and serves the copies', () => {
  const dir = scratch()
  expect(copyVendorFiles(dir).sort()).toEqual(Object.keys(VENDOR_FILES).sort())
  const fromPackages = vendorFiles(scratch())
  const served = vendorFiles(dir)
  for (const name of Object.keys(VENDOR_FILES)) {
    expect(served.get(name)).toBe(join(dir, name))
    expect(fromPackages.get(name)).toMatch(new RegExp(`node_modules/${VENDOR_FILES[name]![0]}/`))
    expect(readFileSync(served.get(name)!).equals(readFileSync(fromPackages.get(name)!))).toBe(true)
  }
  expect(readFileSync(served.get('echarts.js')!).length).toBeGreaterThan(500_000)
})
