// `npx cem analyze --config custom-elements-manifest.config.mjs` writes
// custom-elements.json from the elements' JSDoc (@summary @slot @fires @csspart @cssprop).
export default {
  globs: ['components/**/*.ts'],
  exclude: ['components/**/*.test.ts', 'components/**/testing/**', 'components/**/*.d.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
  packagejson: true,
};
