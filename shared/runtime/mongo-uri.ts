import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/**
 * The MongoDB connection string: MONGODB_URI when set (local runs, tests), else the Secrets Manager secret named by
 * MONGODB_SECRET_ARN, read through Powertools Parameters and cached for five minutes across invocations. The
 * secret is either the bare URI or JSON with a `uri` field.
 */
export async function resolveMongoUri(environment: Readonly<Record<string, string | undefined>>): Promise<string> {
  if (environment.MONGODB_URI) return environment.MONGODB_URI;
  const secretArn = environment.MONGODB_SECRET_ARN;
  if (!secretArn) throw new Error('no MongoDB connection configured: set MONGODB_URI or MONGODB_SECRET_ARN');
  const secret = await getSecret(secretArn, { maxAge: 300 });
  if (typeof secret !== 'string' || secret.trim() === '')
    throw new Error(`the secret ${secretArn} holds no MongoDB URI`);
  const trimmed = secret.trim();
  if (trimmed.startsWith('{')) {
    let parsed: { uri?: unknown };
    try {
      parsed = JSON.parse(trimmed) as { uri?: unknown };
    } catch {
      // Not the parser's message: it quotes the text around the mistake, and that text is the secret.
      throw new Error(`the secret ${secretArn} starts with "{" but is not valid JSON`);
    }
    if (typeof parsed.uri !== 'string') throw new Error(`the secret ${secretArn} is JSON without a "uri" field`);
    return parsed.uri;
  }
  return trimmed;
}
