// `npm start` runs the compiled service in dist/; this makes sure dist/ is the build of the current
// sources. Run before start (prestart) and after install (postinstall): builds when dist/ is missing
// or older than anything it is built from, and says so; `--stamp` (the build's last step) marks a
// finished build. Plain JavaScript, so it needs no compiler to decide whether to run one.
const { execSync } = require('node:child_process')
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs')
const { join } = require('node:path')

const STAMP = join('dist', '.build-stamp')
// What the build reads: sources (the generated Prisma client and the SDL among them), its settings
// and the installed packages (the lock file changes when they do).
const INPUTS = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']

function newest (path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs)
}

if (process.argv.includes('--stamp')) {
  writeFileSync(STAMP, `${new Date().toISOString()}\n`)
} else if (!existsSync('src')) {
  // The Docker image's dependency layer installs before the sources are copied; it builds later.
  console.log('ensure-build: no src/ here, nothing to build')
} else {
  const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0
  const changed = INPUTS.filter((path) => existsSync(path) && newest(path) > built)
  if (changed.length > 0) {
    console.log(built === 0
      ? 'ensure-build: no build in dist/ yet: building (npm run build, once)'
      : `ensure-build: dist/ is older than ${changed.join(', ')}: rebuilding (npm run build)`)
    try {
      execSync('npm run build', { stdio: 'inherit' })
    } catch {
      console.error('ensure-build: the build failed (see above); npm start refuses to run an old build')
      process.exit(1)
    }
  }
}
