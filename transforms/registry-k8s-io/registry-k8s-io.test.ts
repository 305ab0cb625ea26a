import { fixtureTests } from '../../test/helpers/fixtures';

describe('registry-k8s-io', () => {
  fixtureTests(__dirname, ['registry-k8s-io']);
});
