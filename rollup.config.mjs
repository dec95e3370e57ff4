// Builds every workspace package into dist/: ESM (.mjs), CommonJS (.cjs) and bundled
// declarations (.d.ts). esbuild only transpiles (type checking is `npm run typecheck`).
// Entry points of one package are built together so that they share chunks: the
// public barrel and `./internal` must see the same classes (one AsyncBucket, one set of
// error classes) within one module system.
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import esbuild from 'rollup-plugin-esbuild';
import dts from 'rollup-plugin-dts';

const packages = [
  { dir: 'packages/core', inputs: { index: 'src/index.ts', internal: 'src/internal.ts' } },
  { dir: 'packages/promise', inputs: { index: 'src/index.ts' } },
  { dir: 'packages/devserver', inputs: { index: 'src/index.ts', cli: 'src/cli.ts' } },
];

function externalFor(dir) {
  const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
  const deps = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  return (id) => builtins.has(id) || deps.some((d) => id === d || id.startsWith(`${d}/`));
}

function inputsOf(p) {
  return Object.fromEntries(Object.entries(p.inputs).map(([name, file]) => [name, `${p.dir}/${file}`]));
}

export default packages.flatMap((p) => [
  {
    input: inputsOf(p),
    external: externalFor(p.dir),
    plugins: [esbuild({ target: 'node18', tsconfig: 'tsconfig.base.json' })],
    output: [
      { dir: `${p.dir}/dist`, format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs', sourcemap: true },
      { dir: `${p.dir}/dist`, format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs', sourcemap: true, exports: 'named' },
    ],
  },
  {
    input: inputsOf(p),
    external: externalFor(p.dir),
    plugins: [dts({ tsconfig: 'tsconfig.base.json', compilerOptions: { paths: {} } })],
    output: { dir: `${p.dir}/dist`, format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'chunks/[name]-[hash].d.ts' },
  },
]);
