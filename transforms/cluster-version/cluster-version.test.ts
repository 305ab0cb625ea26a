import { fixtureTests } from '../../test/helpers/fixtures';
import { hops, supportStatus } from '../../src/eks/versions';

describe('cluster-version', () => {
  fixtureTests(__dirname, ['cluster-version']);

  test('hops name every minor version on the way', () => {
    expect(hops('1.25', '1.27')).toEqual(['1.26', '1.27']);
    expect(hops('1.27', '1.27')).toEqual([]);
  });

  test('the support calendar depends on the injected date', () => {
    expect(supportStatus('1.26', '2024-01-01')?.status).toBe('standard');
    expect(supportStatus('1.26', '2024-06-12')?.status).toBe('extended');
    expect(supportStatus('1.26', '2025-06-12')?.status).toBe('unsupported');
    expect(supportStatus('1.26', '2025-06-12')?.release.endOfStandardSupport).toBe('2024-06-11');
  });
});
