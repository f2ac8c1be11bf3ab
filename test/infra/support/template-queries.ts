import { functionNameTag, type MaintenanceFunctionName } from '#infra/functions/function-names.ts';
import type { TemplateJson } from './synthesized-stack.ts';

type Properties = Record<string, unknown>;

/** `[logicalId, properties]` of every resource of a type. */
export function resourcesOfType(json: TemplateJson, type: string): [string, Properties][] {
  return Object.entries(json.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([logicalId, resource]) => [logicalId, resource.Properties ?? {}]);
}

/** The one resource of a type whose logical id starts with `prefix` (a construct path without slashes). */
export function resourceNamed(json: TemplateJson, type: string, prefix: string): [string, Properties] {
  const matches = resourcesOfType(json, type).filter(([logicalId]) => stableId(logicalId) === prefix);
  if (matches.length !== 1 || matches[0] === undefined) {
    throw new Error(`expected one ${type} named ${prefix}, found ${matches.length}`);
  }
  return matches[0];
}

/** The Lambda function carrying the name tag `name`. */
export function lambdaFunction(json: TemplateJson, name: MaintenanceFunctionName): [string, Properties] {
  const matches = resourcesOfType(json, 'AWS::Lambda::Function').filter(([, properties]) =>
    ((properties.Tags as { Key: string; Value: string }[] | undefined) ?? []).some(
      (tag) => tag.Key === functionNameTag && tag.Value === name,
    ),
  );
  if (matches.length !== 1 || matches[0] === undefined) throw new Error(`expected one function ${name}`);
  return matches[0];
}

/** The logical id of a function's execution role. */
export function roleOfFunction(json: TemplateJson, name: MaintenanceFunctionName): string {
  const [, properties] = lambdaFunction(json, name);
  return (properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/**
 * What a role may do, one `action on resource` line per pair (plus `if <condition>`), sorted: from the inline
 * policies attached to it and its managed policy ARNs (`managed <arn>`). Logical ids lose their hash suffix.
 */
export function rolePermissions(json: TemplateJson, roleLogicalId: string): string[] {
  const attached = resourcesOfType(json, 'AWS::IAM::Policy').filter(([, properties]) =>
    (properties.Roles as { Ref?: string }[]).some((role) => role.Ref === roleLogicalId),
  );
  const statements = attached.flatMap(
    ([, properties]) => (properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );
  const role = json.Resources[roleLogicalId]?.Properties ?? {};
  const managed = ((role.ManagedPolicyArns as unknown[] | undefined) ?? []).map((arn) => `managed ${flatten(arn)}`);
  return [...statementPermissions(statements), ...managed].sort();
}

/** The permissions of a managed policy resource, as {@link rolePermissions} lists them. */
export function managedPolicyPermissions(json: TemplateJson, logicalId: string): string[] {
  const document = json.Resources[logicalId]?.Properties?.PolicyDocument as { Statement: Statement[] };
  return statementPermissions(document.Statement).sort();
}

function statementPermissions(statements: readonly Statement[]): string[] {
  return statements.flatMap((statement) => {
    if (statement.Effect !== 'Allow') throw new Error('only Allow statements are expected');
    const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    const condition = statement.Condition === undefined ? '' : ` if ${JSON.stringify(statement.Condition)}`;
    return actions.flatMap((action) => resources.map((resource) => `${action} on ${flatten(resource)}${condition}`));
  });
}

/** A logical id without the 8-character hash CDK appends: `StorageReports31B47EB2` -> `StorageReports`. */
export function stableId(logicalId: string): string {
  return logicalId.replace(/[0-9A-F]{8}$/, '');
}

/** A CloudFormation value as readable text: `<Id.Attr>` for Fn::GetAtt, `<Id>` for Ref, joins concatenated. */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record['Fn::Join'])) {
    const [delimiter, parts] = record['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(delimiter);
  }
  if (Array.isArray(record['Fn::GetAtt'])) {
    const [logicalId, attribute] = record['Fn::GetAtt'] as [string, string];
    return `<${stableId(logicalId)}.${attribute}>`;
  }
  if (typeof record.Ref === 'string') return `<${stableId(record.Ref)}>`;
  return JSON.stringify(value);
}
