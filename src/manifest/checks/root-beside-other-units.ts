import type { SemanticCheck } from './types';

const isRoot = (unit: string) => unit.startsWith('r-');

export const rootBesideOtherUnits: SemanticCheck = ({ portfolios }) => {
  const portfoliosOf = new Map<string, Set<string>>();
  for (const { data } of portfolios) {
    for (const unit of data.organizationalUnits ?? []) portfoliosOf.set(unit, (portfoliosOf.get(unit) ?? new Set()).add(data.id));
  }
  const listed = (unit: string) => [...portfoliosOf.get(unit)!].sort().join(', ');
  return portfolios.flatMap(({ source, data }) =>
    (data.organizationalUnits ?? []).flatMap((unit, index) => {
      if (!isRoot(unit)) return [];
      const others = [...portfoliosOf.keys()].filter((other) => other !== unit && listed(other) !== listed(unit));
      return others.length === 0
        ? []
        : [{
          ...source.locate(['organizationalUnits', index]),
          code: 'ORGANIZATION_UNITS_OVERLAP' as const,
          message:
            `the root '${unit}' holds every account of the organization, also those of ${others.map((o) => `${o} (${listed(o)})`).join(', ')}, ` +
            `which get other portfolios than the root (${listed(unit)}); StackSets keep one stack instance per account and region, ` +
            'so those accounts would get one set or the other; list the units the root should cover instead of the root, or list the root alone',
        }];
    }),
  );
};
