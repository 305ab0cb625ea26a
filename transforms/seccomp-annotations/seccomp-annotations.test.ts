import { fixtureTests } from '../../test/helpers/fixtures';
import { profileFor } from '.';

describe('seccomp-annotations', () => {
  fixtureTests(__dirname, ['seccomp-annotations']);

  test('the mapping of DOMAIN.md §5', () => {
    expect(profileFor('unconfined')).toEqual({ type: 'Unconfined' });
    expect(profileFor('runtime/default')).toEqual({ type: 'RuntimeDefault' });
    expect(profileFor('docker/default')).toEqual({ type: 'RuntimeDefault' });
    expect(profileFor('localhost/profiles/audit.json')).toEqual({ type: 'Localhost', localhostProfile: 'profiles/audit.json' });
    expect(profileFor('something/else')).toBeUndefined();
  });
});
