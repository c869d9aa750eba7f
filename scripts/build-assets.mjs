// Copies GOV.UK Frontend and MOJ Frontend's compiled files from node_modules into
// haven/static/vendor/ so Django's staticfiles (and WhiteNoise) serve them. No bundler:
// the packages ship minified CSS and ES modules, which is all the server-rendered pages need.
//
// The compiled CSS points at its fonts and images as url(/assets/...), which only works when
// the assets sit at the site root. We rewrite those to url(assets/...), relative to the CSS
// file, so they resolve under any STATIC_URL and ManifestStaticFilesStorage can hash them.

import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const modules = join(root, 'node_modules')
const vendor = join(root, 'haven', 'static', 'vendor')

const packages = [
  {
    name: 'govuk-frontend',
    from: join(modules, 'govuk-frontend', 'dist', 'govuk'),
    to: join(vendor, 'govuk'),
    files: ['govuk-frontend.min.css', 'govuk-frontend.min.js']
  },
  {
    name: '@ministryofjustice/frontend',
    from: join(modules, '@ministryofjustice', 'frontend', 'moj'),
    to: join(vendor, 'moj'),
    files: ['moj-frontend.min.css', 'moj-frontend.min.js']
  }
]

/** Rewrites root-relative asset URLs (quoted or not) to ones relative to the CSS file. */
function relativiseAssetUrls (css) {
  return css.replace(/url\((["']?)\/assets\//g, 'url($1assets/')
}

function version (name) {
  const manifest = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8'))
  return manifest.version
}

rmSync(vendor, { recursive: true, force: true })
const versions = {}

for (const pkg of packages) {
  if (!existsSync(pkg.from)) {
    console.error(`Missing ${pkg.from}: run "npm ci" first.`)
    process.exit(1)
  }
  mkdirSync(pkg.to, { recursive: true })
  for (const file of pkg.files) {
    const source = join(pkg.from, file)
    const target = join(pkg.to, file)
    if (file.endsWith('.css')) {
      writeFileSync(target, relativiseAssetUrls(readFileSync(source, 'utf8')))
    } else {
      cpSync(source, target)
    }
    // The minified files name their source map; ManifestStaticFilesStorage fails if it is missing.
    if (existsSync(`${source}.map`)) cpSync(`${source}.map`, `${target}.map`)
  }
  // Fonts, images and manifest.json (and rebrand/ where a version ships one).
  cpSync(join(pkg.from, 'assets'), join(pkg.to, 'assets'), { recursive: true })
  versions[pkg.name] = version(pkg.name)
}

writeFileSync(join(vendor, 'versions.json'), `${JSON.stringify(versions, null, 2)}\n`)
console.log(`Copied ${Object.entries(versions).map(([n, v]) => `${n}@${v}`).join(', ')} to ${vendor}`)
