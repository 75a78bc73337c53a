const neostandard = require('neostandard')

module.exports = [
  ...neostandard({ ts: true, ignores: ['src/generated/**', 'dist/**', 'coverage/**', '.data/**', 'bench/results/**', 'bench/.build/**', 'bench/yardsticks/**', 'test/typed-client/generated/**', 'test/typed-operations/generated/**'] })
]
