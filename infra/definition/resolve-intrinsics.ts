/** A CloudFormation template, as far as resolving references needs it. */
export interface TemplateJson {
  readonly Resources?: Readonly<Record<string, { readonly Type?: string; readonly Properties?: unknown }>>;
}

/** How a reference to a template resource becomes a plain string. */
export type ReferenceNamer = (reference: { logicalId: string; attribute: string | null }) => string;

/** The values the local runner sees for pseudo parameters: fixed, so definitions compare equal across synths. */
export const placeholderEnvironment = {
  partition: 'aws',
  region: 'us-east-1',
  account: '123456789012',
} as const;

const pseudoParameters: Readonly<Record<string, string>> = {
  'AWS::Partition': placeholderEnvironment.partition,
  'AWS::Region': placeholderEnvironment.region,
  'AWS::AccountId': placeholderEnvironment.account,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'LeadSessionMaintenance',
};

/**
 * Resolves Fn::Join, Fn::GetAtt and Ref (the intrinsics a synthesized DefinitionString uses) to a plain string.
 * Pseudo parameters get the placeholder environment; resource references are named by `nameReference`.
 * @throws Error naming any other intrinsic, so a new construct in the definition cannot slip through unresolved.
 */
export function resolveToString(value: unknown, nameReference: ReferenceNamer): string {
  if (typeof value === 'string') return value;
  const intrinsic = value as Record<string, unknown> | null;
  if (intrinsic !== null && typeof intrinsic === 'object') {
    if (Array.isArray(intrinsic['Fn::Join'])) {
      const [delimiter, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
      return parts.map((part) => resolveToString(part, nameReference)).join(delimiter);
    }
    if (Array.isArray(intrinsic['Fn::GetAtt'])) {
      const [logicalId, attribute] = intrinsic['Fn::GetAtt'] as [string, string];
      return nameReference({ logicalId, attribute });
    }
    if (typeof intrinsic.Ref === 'string') {
      return pseudoParameters[intrinsic.Ref] ?? nameReference({ logicalId: intrinsic.Ref, attribute: null });
    }
  }
  throw new Error(
    `cannot resolve ${JSON.stringify(value)} in the state machine definition: only Fn::Join, Fn::GetAtt and Ref are supported`,
  );
}

/** A deterministic stand-in for a reference that is not a known function: `<LogicalId.Attribute>` or `<LogicalId>`. */
export function placeholderFor(reference: { logicalId: string; attribute: string | null }): string {
  return reference.attribute === null ? `<${reference.logicalId}>` : `<${reference.logicalId}.${reference.attribute}>`;
}
