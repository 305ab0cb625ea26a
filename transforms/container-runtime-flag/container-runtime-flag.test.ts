import { fixtureTests } from '../../test/helpers/fixtures';

describe('container-runtime-flag', () => {
  fixtureTests(__dirname, ['container-runtime-flag']);
});
