/**
 * Stands in for the `whatwg-url` package in the function bundles (an esbuild alias:
 * infra/functions/function-bundle-settings.ts). The MongoDB driver parses connection strings with
 * `mongodb-connection-string-url`, which takes `URL` from `whatwg-url`: a pure-JavaScript copy of the WHATWG URL
 * standard with its IDNA mapping table (`tr46`), 280 KB of the step bundle. Node's global `URL` implements the same
 * standard; test/infra/function-bundles.test.ts checks that connection strings parse the same with both.
 */
export const URL = globalThis.URL;
export const URLSearchParams = globalThis.URLSearchParams;
