/**
 * Gives a copy of a stack the logical ids of the original.
 *
 * CDK Pipelines deploys CDK Stages, so the pipeline builds each catalog stack
 * again inside a Stage. Logical ids normally depend only on the construct path
 * within the stack, but the aws-servicecatalog L2 names its portfolio-product
 * associations, launch constraints and principal associations after a hash of
 * the constructs' ABSOLUTE addresses, which the Stage prefix changes. Deployed
 * by the pipeline after `sc-factory publish`, those resources would be replaced
 * (a second launch constraint for the same product fails). Both stacks are built
 * by the same code from the same inputs, so their CloudFormation elements come
 * in the same order: the copy takes the original's ids one by one, after
 * checking that each pair is the same element (same type, same path with the
 * address hashes masked).
 */
import { CfnElement, CfnResource, type Stack } from 'aws-cdk-lib';

export function mirrorLogicalIds(original: Stack, copy: Stack): void {
  const from = elementsOf(original);
  const to = elementsOf(copy);
  const describe = (stack: Stack, element: CfnElement) => {
    const relative = element.node.path.slice(stack.node.path.length + 1).replace(/[0-9a-f]{12}/g, '#');
    return `${CfnResource.isCfnResource(element) ? element.cfnResourceType : element.constructor.name} ${relative}`;
  };
  if (from.length !== to.length) {
    throw new Error(`${copy.node.path} has ${to.length} CloudFormation elements, ${original.node.path} has ${from.length}: not a copy`);
  }
  from.forEach((element, index) => {
    const twin = to[index];
    if (describe(original, element) !== describe(copy, twin)) {
      throw new Error(`${copy.node.path} is not a copy of ${original.node.path}: ${describe(copy, twin)} vs ${describe(original, element)}`);
    }
    twin.overrideLogicalId(original.resolve(element.logicalId));
  });
}

function elementsOf(stack: Stack): CfnElement[] {
  return stack.node.findAll().filter((c): c is CfnElement => CfnElement.isCfnElement(c) && c.stack === stack);
}
