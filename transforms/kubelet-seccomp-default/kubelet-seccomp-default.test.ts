import { fixtureTests } from '../../test/helpers/fixtures';

describe('kubelet-seccomp-default', () => {
  fixtureTests(__dirname, ['kubelet-seccomp-default']);
});
