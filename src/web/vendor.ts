// The browser builds of npm packages the pages load (/vendor/*). The build copies them into
// dist/vendor, and the service serves that copy, so the image needs none of these packages (echarts'
// package alone is 62 MB for one 1.1 MB file); without a build (tests, tsx) they come from node_modules.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** Browser builds of npm devDependencies (versions pinned in package.json), under the names the pages load. */
export const VENDOR_FILES: Record<string, [pkg: string, file: string]> = {
  'react.js': ['react', 'umd/react.production.min.js'],
  'react-dom.js': ['react-dom', 'umd/react-dom.production.min.js'],
  'graphiql.js': ['graphiql', 'graphiql.min.js'],
  'graphiql.css': ['graphiql', 'graphiql.min.css'],
  'echarts.js': ['echarts', 'dist/echarts.min.js']
}

/** dist/vendor when this file runs compiled from dist/web; src/vendor (never made) under tsx and jest. */
export const VENDOR_DIR = join(__dirname, '..', 'vendor')

/** A vendor file in its npm package. Package exports hide these files from require.resolve; every package exports its package.json. */
function packaged (name: string): string {
  const [pkg, file] = VENDOR_FILES[name]!
  return join(dirname(require.resolve(`${pkg}/package.json`)), file)
}

/** Where each vendor file is served from: the build's copy when there is one, else its npm package. */
export function vendorFiles (dir = VENDOR_DIR): Map<string, string> {
  return new Map(Object.keys(VENDOR_FILES).map((name) => {
    const copy = join(dir, name)
    if (existsSync(copy)) return [name, copy]
    try {
      return [name, packaged(name)]
    } catch {
      throw new Error(`vendor file ${name} is neither in ${dir} nor installed (${VENDOR_FILES[name]![0]} is a devDependency): run npm run build`)
    }
  }))
}

/** Copies every vendor file from node_modules into `dir` (the build does, into dist/vendor). */
export function copyVendorFiles (dir = VENDOR_DIR): string[] {
  mkdirSync(dir, { recursive: true })
  return Object.keys(VENDOR_FILES).map((name) => {
    copyFileSync(packaged(name), join(dir, name))
    return name
  })
}
