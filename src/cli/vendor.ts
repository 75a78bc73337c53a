// `npm run build` runs this (compiled) after tsc: copies the pages' browser libraries into dist/vendor.
import { copyVendorFiles, VENDOR_DIR } from '../web/vendor'

console.log(`copied ${copyVendorFiles().join(', ')} into ${VENDOR_DIR}`)
