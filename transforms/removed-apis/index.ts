/**
 * removed-apis: move objects off API versions that Kubernetes removed at or before the target. Auto-fixes only where
 * the replacement takes the object as written; otherwise names the fields to change. The moves are rows of
 * data/api-moves.json; this file adds the checks that rows name. See README.md beside this file.
 */
import rows from '../../data/api-moves.json';
import { type ApiMove, moveApiVersion, moveIn, nonEmpty } from '../../src/k8s/api-moves';
import { isMap, isSeq, valueAt, type YAMLMap } from '../../src/parsers/yaml';

/** From the Kubernetes deprecated API migration guide (kubernetes.io/docs/reference/using-api/deprecation-guide). */
export const MOVES: readonly ApiMove[] = rows as ApiMove[];

export const moveFor = (apiVersion: string, kind: string, target: string): ApiMove | undefined => moveIn(MOVES, apiVersion, kind, target);

const CHECKS = {
  /** An EndpointSlice whose endpoints carry `topology`, which v1 drops. */
  endpointsHaveTopology: (o: YAMLMap): boolean => {
    const eps = valueAt(o, 'endpoints');
    return isSeq(eps) && eps.items.some((e) => isMap(e) && valueAt(e, 'topology') != null);
  },
  /** A PodDisruptionBudget without a selector that selects something (policy/v1 reads an empty one as "all pods"). */
  selectorNotSet: (o: YAMLMap): boolean => {
    const sel = valueAt(valueAt(o, 'spec'), 'selector');
    return !(isMap(sel) && sel.items.some((p) => nonEmpty(p.value)));
  },
};

export default moveApiVersion(MOVES, {
  checks: CHECKS,
  meta: {
    id: 'removed-apis',
    title: 'Move objects off removed API versions',
    description:
      'For every API version removed at or before the target (1.16, 1.22, 1.25, 1.26, 1.27, 1.29, 1.32, 1.33, 1.34, 1.35, 1.37), and early for GA promotions whose v1 the target serves, changes apiVersion where the ' +
      'replacement takes the object as written (renaming the fields it renames), names the fields to change where it does not, ' +
      'and reports references inside objects to removed versions.',
    version: '1.27',
    fixable: true,
    docs: 'transforms/removed-apis/README.md',
    // every removed version is group/v1betaN or group/v2betaN (a CRD's own version names, v1beta1, do not count)
    triggers: { yaml: ['/v1beta', '/v2beta'], json: ['/v1beta', '/v2beta'], hcl: ['/v1beta', '/v2beta'] },
    // text: a Helm template (YAML that does not parse) is looked at, to report; other text files are not read
    kinds: ['yaml', 'json', 'hcl', 'text'],
  },
});
