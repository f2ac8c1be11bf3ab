import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { sharedMongoClient } from '#shared/mongo/client.ts';
import { resolveMongoUri } from '#shared/runtime/mongo-uri.ts';
import { redact } from '#shared/runtime/redact.ts';
import { SecretMarkers } from './secret-markers.ts';

/**
 * The connection string as Lambda gets it (Secrets Manager, through Powertools Parameters): a secret that cannot be
 * read or a connection that fails must be reported without the secret, since the error reaches the function's log,
 * the Step Functions error cause and from there the run report.
 */
describe('the MongoDB connection secret never shows in an error', () => {
  const markers = new SecretMarkers();
  const password = markers.secret('PASSWORD');
  const secretsManager = mockClient(SecretsManagerClient);
  let server: EmbeddedMongo;
  let secretCounter = 0;

  /** Resolves the URI from a secret holding `secretString` (a new ARN each time: Powertools caches by name). */
  function resolveFromSecret(secretString: string): Promise<string> {
    secretCounter += 1;
    const arn = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:leads-db-${secretCounter}`;
    secretsManager.on(GetSecretValueCommand, { SecretId: arn }).resolves({ SecretString: secretString });
    return resolveMongoUri({ MONGODB_SECRET_ARN: arn, AWS_REGION: 'eu-west-1' });
  }

  /** Everything an error shows wherever it is written: message, stack, inspection, the redaction layer's copy. */
  const everythingShown = (error: unknown): string =>
    [String(error), (error as Error).stack ?? '', inspect(error, { depth: 10 }), JSON.stringify(redact(error))].join(
      '\n',
    );

  beforeAll(async () => {
    process.env.AWS_REGION ??= 'eu-west-1';
    server = await startEmbeddedMongo({ port: 0 });
  });
  afterEach(() => secretsManager.reset());
  afterAll(async () => {
    secretsManager.restore();
    await server?.stop();
  });

  it.each([
    { name: 'an unquoted password', secret: `{"username":"ops","password":${password},"uri":"mongodb://h/db"}` },
    { name: 'an unquoted URI', secret: `{"uri": mongodb://ops:${password}@h/db}` },
    { name: 'a trailing comma', secret: `{"uri":"mongodb://ops:${password}@h/db",}` },
    { name: 'single quotes', secret: `{'uri': 'mongodb://ops:${password}@h/db'}` },
    { name: 'a truncated document', secret: `{"uri":"mongodb://ops:${password}@h/db"` },
  ])('refuses a JSON secret with $name without quoting it', async ({ secret }) => {
    // Act
    const error = await resolveFromSecret(secret).then(
      () => null,
      (rejection: unknown) => rejection,
    );

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/is not valid JSON/);
    expect(markers.findIn(everythingShown(error))).toEqual([]);
  });

  it('resolves a well-formed secret, and a password the server refuses fails without showing it', async () => {
    // Prepare
    const uri = await resolveFromSecret(
      JSON.stringify({ uri: `mongodb://ops:${password}@127.0.0.1:${server.port}/leads?authSource=admin` }),
    );

    // Act
    const error = await sharedMongoClient(uri, { serverSelectionTimeoutMS: 2_000 }).then(
      (client) => client.close().then(() => null),
      (rejection: unknown) => rejection,
    );

    // Assess
    expect(uri).toContain(password);
    expect(error).toBeInstanceOf(Error);
    expect(markers.findIn(everythingShown(error))).toEqual([]);
  });
});
