/** A rule's condition tree in words, for the rules table: `file.size_bytes greater than 1000 and …`. */
export function describeConditions(node: unknown): string {
  if (typeof node !== 'object' || node === null) return JSON.stringify(node);
  const tree = node as Record<string, unknown>;
  const group = (children: unknown, joiner: string) => {
    const parts = Array.isArray(children) ? children.map(describeConditions) : [];
    if (parts.length === 0) return 'always';
    return parts
      .map((part) => (parts.length > 1 && / (and|or) /.test(part) ? `(${part})` : part))
      .join(joiner);
  };
  if ('all' in tree) return group(tree.all, ' and ');
  if ('any' in tree) return group(tree.any, ' or ');
  if ('not' in tree) return `not (${describeConditions(tree.not)})`;
  if (typeof tree.field === 'string' && typeof tree.operator === 'string')
    return `${tree.field} ${tree.operator.replaceAll('_', ' ')} ${JSON.stringify(tree.value)}`;
  return JSON.stringify(node); // another shape (the seed's own): shown as stored
}
