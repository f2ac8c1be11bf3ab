import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import {
  controlTowerPluginName,
  controlTowerRules,
  type ControlTowerRuleId,
} from '#infra/validation/control-tower-rules.ts';

/**
 * Acknowledges one cdk-nag AwsSolutions finding on a construct and everything below it. Every call site gives
 * the reason the finding does not apply; an acknowledgement without a reason is not one.
 */
export function acknowledgeRule(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${rule}`, reason });
}

/**
 * Acknowledges the IAM5 finding of one wildcard resource (`arn:...:bucket/plans/*`, a function's `:*` versions).
 * cdk-nag names such a finding after the flattened resource (`Resource::<Bucket1234.Arn>/plans/*`), so the
 * resource is resolved and flattened the same way here: the call site passes the resource as it wrote it.
 */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  const flattened = flattenReference(Stack.of(scope).resolve(resource));
  acknowledgeRule(scope, `IAM5[Resource::${flattened}]`, reason);
}

/** Acknowledges the IAM5 finding of one wildcard action (`Action::s3:Abort*`). */
export function acknowledgeWildcardAction(scope: IConstruct, action: string, reason: string): void {
  acknowledgeRule(scope, `IAM5[Action::${action}]`, reason);
}

/** cdk-nag's rendering of a CloudFormation reference: `<LogicalId.Attr>`, `<LogicalId>`, joins concatenated. */
function flattenReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const record = node as Record<string, unknown>;
  if (Array.isArray(record['Fn::Join'])) {
    const [delimiter, items] = record['Fn::Join'] as [string, unknown[]];
    return items.map(flattenReference).join(delimiter);
  }
  if (record['Fn::Sub'] !== undefined) return flattenReference(record['Fn::Sub']);
  if (Array.isArray(record['Fn::GetAtt'])) {
    const [resource, attribute] = record['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
  }
  if (record['Fn::ImportValue'] !== undefined) return flattenReference(record['Fn::ImportValue']);
  if (record.Ref !== undefined) return `<${flattenReference(record.Ref)}>`;
  return JSON.stringify(node);
}

/**
 * Acknowledges one Control Tower rule (CT.S3.PR.2...) on a construct and everything below it, with the reason it
 * does not apply there. Rules switched off for the whole stack are in infra/validation/control-tower-checks.ts.
 */
export function acknowledgeControlTowerRule(scope: IConstruct, rule: ControlTowerRuleId, reason: string): void {
  Validations.of(scope).acknowledge({
    id: `${controlTowerPluginName}::${controlTowerRules[rule].check}`,
    reason: `${rule}: ${reason}`,
  });
}
