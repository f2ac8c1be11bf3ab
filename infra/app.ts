import { createApp, createStack } from './create-app.ts';

/** The CDK CLI's entry (cdk.json "app"): context from cdk.json and `-c key=value`, cdk-nag checks on. */
const app = createApp();
createStack(app);
app.synth();
