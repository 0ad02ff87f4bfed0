// Bundles the web UI with esbuild (see docs/decisions/0011-web-ui-built-by-esbuild-in-maven.md).
//   product: src/main.js + its CSS -> ../target/classes/web/assets/app-[hash].{js,css},
//            src/index.html -> ../target/classes/web/index.html with the hashed names filled in
//   tests:   test/harness/xmpp-harness.{html,js} -> ../target/test-classes/web/assets/ (never in the jar)
// `node build.mjs --watch` rebuilds on change for development (run the server with ./livedrop run).
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '..', 'target');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  sourcemap: 'linked',
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'linked',
};

/** Writes `html` into `outFile`, replacing {{entry.js}} / {{entry.css}} by the built names. */
function page(htmlFile, outFile, meta) {
  let html = readFileSync(htmlFile, 'utf8');
  for (const [out, info] of Object.entries(meta.outputs)) {
    if (!info.entryPoint) continue;
    const entry = basename(info.entryPoint).replace(/\.js$/, '');
    html = html.replaceAll(`{{${entry}.js}}`, basename(out));
    if (info.cssBundle) html = html.replaceAll(`{{${entry}.css}}`, basename(info.cssBundle));
  }
  const missing = html.match(/\{\{[^}]+\}\}/);
  if (missing) throw new Error(`${htmlFile}: no output for ${missing[0]}`);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, html);
}

async function run(name, options, after) {
  if (!watch) {
    const result = await esbuild.build(options);
    after(result.metafile);
    return;
  }
  const ctx = await esbuild.context({ ...options, plugins: [{ name, setup(b) { b.onEnd((r) => r.metafile && after(r.metafile)); } }] });
  await ctx.watch();
}

const web = join(target, 'classes', 'web');
rmSync(join(web, 'assets'), { recursive: true, force: true });
await run('app', { ...common, entryPoints: [join(here, 'src', 'app.js')], outdir: join(web, 'assets') },
  (meta) => page(join(here, 'src', 'index.html'), join(web, 'index.html'), meta));

const harness = join(target, 'test-classes', 'web', 'assets');
rmSync(harness, { recursive: true, force: true });
await run('harness', { ...common, entryPoints: [join(here, 'test', 'harness', 'xmpp-harness.js')], outdir: harness },
  (meta) => page(join(here, 'test', 'harness', 'xmpp-harness.html'), join(harness, 'xmpp-harness.html'), meta));

if (watch) console.log('web: watching src/ and test/harness/');
