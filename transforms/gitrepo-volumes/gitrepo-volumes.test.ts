import { fixtureTests } from '../../test/helpers/fixtures';
import { RuleTester } from '../../test/helpers/rule-tester';
import rule from '.';

describe('gitrepo-volumes', () => {
  fixtureTests(__dirname, ['gitrepo-volumes'], { options: { target: '1.36', today: '2026-11-30' } });
});

new RuleTester({ options: { target: '1.36', today: '2026-11-30' } }).run('gitrepo-volumes (RuleTester)', rule, {
  valid: [{ name: 'an emptyDir', filename: 'pod.yaml', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n    - name: x\n      emptyDir: {}\n# gitRepo in a comment\n' }],
  invalid: [
    {
      name: 'in a Deployment',
      filename: 'deploy.yaml',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      volumes:\n        - name: src\n          gitRepo: {repository: "https://x/y.git"}\n',
      output: null,
      errors: [{ messageId: 'gitRepo', line: 9, severity: 'manual', message: /gitRepo.*1\.36/ }],
    },
  ],
});
