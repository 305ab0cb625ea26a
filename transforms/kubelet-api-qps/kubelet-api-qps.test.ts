import { fixtureTests } from '../../test/helpers/fixtures';

describe('kubelet-api-qps', () => {
  fixtureTests(__dirname, ['kubelet-api-qps']);
});
