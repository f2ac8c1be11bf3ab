/**
 * esbuild settings every function bundle shares, beyond bundling, minifying and ESM for Node 24. Free of CDK
 * imports: the bundle benchmark (bench/bundles) builds with the same settings, so it measures what deploys.
 */
export const functionBundleSettings = {
  /** CommonJS dependencies bundled into an ES module still call require(): give them one. */
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  /**
   * Left out of the bundle: `bowser`, a browser user-agent parser that @aws-sdk/core's client barrel imports
   * dynamically for its browser user-agent provider. Node code never takes that path, so the import never runs.
   */
  external: ['bowser'],
  /**
   * One copy of bson: the driver `require`s it (bson.cjs) and the project `import`s it (bson.node.mjs), and esbuild
   * would bundle both, 77 KB more and two ObjectId classes in one process (the dual-package hazard). Both now get
   * the driver's CommonJS build. Paths are relative to the repository root, where the bundler runs.
   */
  alias: {
    bson: './node_modules/bson/lib/bson.cjs',
    /** Node's own WHATWG URL instead of a JavaScript copy with its IDNA tables (functions/bundle-shims/whatwg-url.ts). */
    'whatwg-url': './functions/bundle-shims/whatwg-url.ts',
  },
} as const;
