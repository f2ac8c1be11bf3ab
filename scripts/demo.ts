import { enableCompileCache } from 'node:module';

/**
 * `npm run demo`: seeds realistic leads and runs the daily, weekly and monthly jobs locally (local/demo).
 *
 * Node's compile cache is enabled before anything else is imported: type-stripping and compiling the demo's
 * hundreds of modules took ~0.5 s of every run; cached, later runs skip it. The cache lives in the system's
 * temporary folder, keyed by each file's content and the Node version (NODE_DISABLE_COMPILE_CACHE=1 turns it off).
 */
enableCompileCache();
const { runDemoCommand } = await import('#local/demo/demo-command.ts');
process.exit(await runDemoCommand());
