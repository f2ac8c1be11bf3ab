import { Annotations } from 'aws-cdk-lib';
import { SecurityGroup, Vpc, type ISecurityGroup, type IVpc, type SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import type { VpcPlacement } from '#infra/settings/maintenance-settings.ts';

/** The network the functions run in: the props a Lambda function takes. */
export interface FunctionNetwork {
  readonly vpc: IVpc;
  readonly vpcSubnets: SubnetSelection;
  readonly securityGroups: ISecurityGroup[];
}

/**
 * Imports the VPC, subnets and security groups from their ids (Vpc.fromVpcAttributes: no lookup, so synth stays
 * offline and needs no credentials). Null when the functions run outside a VPC.
 */
export function importFunctionNetwork(scope: Construct, placement: VpcPlacement | null): FunctionNetwork | null {
  if (placement === null) return null;
  const vpc = Vpc.fromVpcAttributes(scope, 'Vpc', {
    vpcId: placement.vpcId,
    availabilityZones: [...placement.availabilityZones],
    privateSubnetIds: [...placement.subnetIds],
  });
  // Route tables are only read by constructs that add routes (VPC endpoints, peering); nothing here does.
  Annotations.of(vpc).acknowledgeWarning(
    '@aws-cdk/aws-ec2:noSubnetRouteTableId',
    'The functions only attach to the subnets; no route is added, so no route table id is needed.',
  );
  const securityGroups = placement.securityGroupIds.map((groupId, index) =>
    SecurityGroup.fromSecurityGroupId(scope, `SecurityGroup${index}`, groupId, { mutable: false }),
  );
  return { vpc, vpcSubnets: { subnets: vpc.privateSubnets }, securityGroups };
}
