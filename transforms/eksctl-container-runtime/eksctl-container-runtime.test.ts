import { fixtureTests } from '../../test/helpers/fixtures';

describe('eksctl-container-runtime', () => {
  fixtureTests(__dirname, ['eksctl-container-runtime']);
});
